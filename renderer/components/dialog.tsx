import type { ReactNode } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';

/** A modal dialog (focus kept inside, Escape closes) with a title. */
export function ModalDialog({ isOpen, onClose, title, children }: { isOpen: boolean; onClose: () => void; title: string; children: ReactNode }) {
  return (
    <ModalOverlay className="modal-overlay" isOpen={isOpen} onOpenChange={(open) => !open && onClose()} isDismissable>
      <Modal className="modal">
        <Dialog className="dialog">
          <Heading slot="title">{title}</Heading>
          {children}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

/** Ask before an action that cannot be undone from the screen it was started on. */
export function ConfirmDialog({
  isOpen,
  title,
  message,
  confirmLabel,
  danger,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  isOpen: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  pending?: boolean;
  error?: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <ModalDialog isOpen={isOpen} onClose={onClose} title={title}>
      <div className="dialog-body">{message}</div>
      {error}
      <div className="form-actions">
        <Button className="button" onPress={onClose} isDisabled={pending}>
          {t('common.cancel', 'Cancel')}
        </Button>
        <Button className={`button ${danger ? 'danger' : 'primary'}`} onPress={onConfirm} isPending={pending}>
          {confirmLabel}
        </Button>
      </div>
    </ModalDialog>
  );
}
