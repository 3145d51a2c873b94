import { Alert } from 'antd';

/** What a save was refused for, beyond the fields the form shows. */
export function Problems({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 12 }}
      message={messages.join('; ')}
    />
  );
}
