import type { ReactNode } from 'react';
import { Modal, type ModalProps } from 'antd';
import { testId } from '../lib/testId';
import { FormProblems } from './FormProblems';

interface FormModalProps extends Omit<ModalProps, 'confirmLoading' | 'okButtonProps'> {
  /** A save is under way: the OK button spins. */
  saving: boolean;
  /** What the last save was refused for, beyond the fields the form marks. */
  problems?: readonly string[] | string | null;
  /** The OK button's data-testid. */
  saveTestId?: string;
  saveDisabled?: boolean;
  children: ReactNode;
}

/** A form in a dialog, as every form of the app is shown: 取消 beside the save, the save
 * spinning while it runs, what a save was refused for above the form, nothing kept once
 * closed (unless the caller says otherwise). */
export function FormModal({
  saving,
  problems = null,
  saveTestId,
  saveDisabled,
  children,
  ...modal
}: FormModalProps) {
  const save = { disabled: saveDisabled };
  return (
    <Modal
      cancelText="取消"
      destroyOnHidden
      {...modal}
      confirmLoading={saving}
      okButtonProps={saveTestId ? testId(saveTestId, save) : save}
    >
      <FormProblems messages={problems} />
      {children}
    </Modal>
  );
}
