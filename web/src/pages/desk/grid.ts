/** The desk's columns: four at 1366 px, three or two on narrower screens. */
export const COL = { xs: 24, sm: 12, lg: 8, xl: 6 } as const;
export const COL_WIDE = { xs: 24, sm: 24, lg: 16, xl: 12 } as const;
