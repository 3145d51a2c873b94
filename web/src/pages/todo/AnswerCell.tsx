import { useState } from 'react';
import { App, Button, Input, Select, Space } from 'antd';
import { answerItem, type ExchangeItem } from '../../api/exchange';
import { isApiError, messageOf } from '../../api/client';
import { exchangeAnswers } from '../../lib/labels';

/** Answer an open item in its row: the answers its kind takes, and a note. */
export function AnswerCell({
  item,
  onAnswered,
}: {
  item: ExchangeItem;
  onAnswered: (updated: ExchangeItem | null) => void;
}) {
  const { message, modal } = App.useApp();
  const [answer, setAnswer] = useState<string | undefined>(undefined);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const options = exchangeAnswers(item.kind).map((a) => ({ value: a.code, label: a.name }));

  const send = () => {
    if (!answer) {
      message.warning('请选择答复');
      return;
    }
    const label = options.find((o) => o.value === answer)?.label ?? answer;
    modal.confirm({
      title: '确认答复?',
      content: `${item.name}: ${label}${note.trim() ? `, 备注: ${note.trim()}` : ''}。答复后将报送省厅, 不能修改。`,
      okText: '确认答复',
      cancelText: '返回',
      onOk: async () => {
        setBusy(true);
        try {
          const updated = await answerItem(item.item_id, answer, note);
          message.success('已答复');
          onAnswered(updated);
        } catch (e) {
          message.error(messageOf(e));
          if (isApiError(e) && e.status === 409) onAnswered(null);
        } finally {
          setBusy(false);
        }
      },
    });
  };

  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select
        style={{ width: 140 }}
        placeholder="选择答复"
        options={options}
        value={answer}
        onChange={setAnswer}
        aria-label={`答复 ${item.name}`}
        data-testid="todo-answer"
      />
      <Input
        placeholder="备注 (可选)"
        value={note}
        maxLength={2000}
        onChange={(e) => setNote(e.target.value)}
        aria-label="备注"
        data-testid="todo-note"
      />
      <Button type="primary" loading={busy} onClick={send} data-testid="todo-submit">
        答复
      </Button>
    </Space.Compact>
  );
}
