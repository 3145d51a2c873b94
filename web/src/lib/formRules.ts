import type { FormRule } from 'antd';

/** A repeat field (确认密码) that must equal `field`. */
export function sameAs(field: string, message = '两次输入的密码不一致'): FormRule {
  return ({ getFieldValue }) => ({
    validator: async (_, value: unknown) => {
      if (value && value !== getFieldValue(field)) throw new Error(message);
    },
  });
}
