import { Button, Result, Typography } from 'antd';
import type { CheckinAnswer } from '../../api/residences';

export function CheckinSuccess({
  answer,
  name,
  onContinue,
}: {
  answer: CheckinAnswer;
  name: string;
  onContinue: () => void;
}) {
  return (
    <div data-testid="checkin-success" role="status">
    <Result
      status="success"
      title="登记成功"
      subTitle={
        <span>
          {name} 已入住登记。居住记录编号:{' '}
          <Typography.Text copyable code data-testid="checkin-residence-id">
            {answer.residence_id}
          </Typography.Text>
        </span>
      }
      extra={
        <Button type="primary" autoFocus onClick={onContinue} data-testid="checkin-continue">
          继续登记
        </Button>
      }
    />
    </div>
  );
}
