/**
 * Finds the step a failed ACR run failed in, from its log as it is printed. The log's shape is
 * what ACR Tasks writes (as `az acr build` streams it): `Executing step ID: <id>. Timeout(sec): …`
 * for each task step, Docker's `Step N/M : INSTRUCTION` for each Dockerfile instruction, then on
 * failure `failed to run step ID: <id>: …` (Azure/acr-builder pull request 195 wraps the error with
 * the step ID) and `Run ID: <run> failed after <n>s. Error: …` (the RunsGet answer's
 * runErrorMessage is that error's text).
 */
export interface FailedStep {
  /** `Step 4/5 : RUN dotnet /app/migrate.dll --check`, when the Dockerfile got that far. */
  dockerStep?: string;
  /** The ACR task step ID (`build` for a quick build). */
  stepId?: string;
  /** The last lines of the failing step's log (without ACR's closing `Run ID:` line). */
  lastLines: string[];
}

const ACR_STEP = /Executing step ID: ([^.\s]+)\./;
const FAILED_ACR_STEP = /failed to run step ID: ([^:\s]+):/;
const DOCKER_STEP = /^Step \d+\/\d+ : /;
const RUN_END = /^Run ID: \S+ (failed|was successful|was canceled)/;

export class BuildLogSteps {
  private stepId: string | undefined;
  private failedStepId: string | undefined;
  private dockerStep: string | undefined;
  /** Lines since the current step began, the last `keep` of them. */
  private lines: string[] = [];
  private partial = '';

  constructor(private readonly keep = 10) {}

  /** Takes printed log text (whole lines or parts of them). */
  push(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    for (const part of parts) this.line(part.replace(/\r$/, ''));
  }

  private line(line: string): void {
    const acrStep = ACR_STEP.exec(line)?.[1];
    if (acrStep) {
      this.stepId = acrStep;
      this.dockerStep = undefined;
      this.lines = [];
      return;
    }
    const failed = FAILED_ACR_STEP.exec(line)?.[1];
    if (failed) this.failedStepId ??= failed;
    if (DOCKER_STEP.test(line)) {
      this.dockerStep = line.trim();
      this.lines = [];
      return;
    }
    if (RUN_END.test(line) || !line.trim()) return;
    this.lines.push(line);
    if (this.lines.length > this.keep) this.lines.shift();
  }

  /** The step the run was in when it ended, and the last lines of that step. */
  failedStep(): FailedStep {
    if (this.partial) {
      this.line(this.partial);
      this.partial = '';
    }
    const lastLines = [...this.lines];
    while (lastLines.length && !lastLines[lastLines.length - 1]!.trim()) lastLines.pop();
    return { dockerStep: this.dockerStep, stepId: this.failedStepId ?? this.stepId, lastLines };
  }
}
