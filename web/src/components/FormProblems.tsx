import { Alert } from 'antd';

/** What a save was refused for, beyond the fields the form marks: above the form. */
export function FormProblems({ messages }: { messages: readonly string[] | string | null }) {
  const lines = typeof messages === 'string' ? [messages] : (messages ?? []);
  if (lines.length === 0) return null;
  return (
    <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} message={lines.join('; ')} />
  );
}
