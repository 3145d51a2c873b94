import type { ButtonProps } from 'antd';

/** A data-testid for a button given as props (a Modal's okButtonProps): antd's types lack it. */
export const testId = (id: string, props: ButtonProps = {}): ButtonProps =>
  ({ ...props, 'data-testid': id }) as ButtonProps;
