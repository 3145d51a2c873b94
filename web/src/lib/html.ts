/** Text to put inside HTML (the charts' tooltips are HTML): no markup gets through. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
