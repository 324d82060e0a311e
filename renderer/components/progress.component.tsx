// One progress bar for long work (transfers, booklets for a group, demo data, OCR): a label, the
// share done as a bar, indeterminate while the total is not known yet.
import { Label, ProgressBar } from 'react-aria-components';

export function Progress({ label, value, max, testId }: { label: string; value: number; max: number; testId?: string }) {
  return (
    <ProgressBar value={value} maxValue={max || 1} isIndeterminate={max === 0} className="progress" {...(testId !== undefined && { 'data-testid': testId })}>
      {({ percentage }) => (
        <>
          <Label>{label}</Label>
          <div className="progress-track">
            <div className="progress-fill" style={{ inlineSize: `${percentage ?? 0}%` }} />
          </div>
        </>
      )}
    </ProgressBar>
  );
}
