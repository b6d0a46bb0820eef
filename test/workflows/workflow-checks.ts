import type { CheckContext } from './check-context.ts';
import { checkActionContracts } from './rules/action-contract.ts';
import { checkEnvironmentGates } from './rules/environment-gates.ts';
import { checkPermissions } from './rules/permissions.ts';
import { checkPinning } from './rules/pinning.ts';
import { checkRunInjection } from './rules/run-injection.ts';
import { checkDeployConcurrency } from './rules/deploy-concurrency.ts';
import { checkDigestDeploy } from './rules/digest-deploy.ts';
import { checkValidateBeforeGate } from './rules/validate-before-gate.ts';
import { checkVarsInCalledJobs } from './rules/vars-in-called-jobs.ts';
import type { Finding, Workflow } from './workflow-model.ts';

export { checkActionContracts, checkEnvironmentGates, checkPermissions, checkPinning, checkRunInjection, checkDeployConcurrency, checkDigestDeploy, checkValidateBeforeGate, checkVarsInCalledJobs };

/** Every rule over one workflow; an empty list means it passes. */
export function checkWorkflow(workflow: Workflow, context: CheckContext): Finding[] {
  return [
    ...checkActionContracts(workflow, context),
    ...checkPermissions(workflow, context),
    ...checkPinning(workflow, context),
    ...checkRunInjection(workflow),
    ...checkEnvironmentGates(workflow, context),
    ...checkDeployConcurrency(workflow, context),
    ...checkDigestDeploy(workflow, context),
    ...checkValidateBeforeGate(workflow, context),
    ...checkVarsInCalledJobs(workflow, context),
  ];
}

export function formatFinding(finding: Finding): string {
  return `${finding.file} jobs.${finding.job}${finding.step ? ` step ${finding.step}` : ''}: [${finding.rule}] ${finding.message}`;
}
