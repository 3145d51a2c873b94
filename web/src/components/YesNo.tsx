import { Radio } from 'antd';

type Props = {
  id?: string;
  value?: boolean | null;
  onChange?: (value: boolean | null) => void;
  yes?: string;
  no?: string;
  'aria-label'?: string;
};

/** 是 / 否 / 未填 for an optional yes-or-no field (arrow keys choose within the group). */
export function YesNo({ id, value, onChange, yes = '是', no = '否', ...rest }: Props) {
  const current = value === true ? 'yes' : value === false ? 'no' : 'unset';
  return (
    <Radio.Group
      id={id}
      {...{ role: 'radiogroup' }}
      aria-label={rest['aria-label']}
      value={current}
      optionType="button"
      onChange={(e) => {
        const v = e.target.value as string;
        onChange?.(v === 'yes' ? true : v === 'no' ? false : null);
      }}
    >
      <Radio.Button value="yes">{yes}</Radio.Button>
      <Radio.Button value="no">{no}</Radio.Button>
      <Radio.Button value="unset">未填</Radio.Button>
    </Radio.Group>
  );
}
