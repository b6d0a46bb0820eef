/**
 * Makes text from a remote source (a job's or a build's log) safe to print in a step: a line the
 * runner would take as a workflow command (`::error::`, `::add-mask::`, `::set-output`...) gets a
 * zero-width space after its first colon, so it is shown as typed and never executed.
 *
 * `::stop-commands::` is not used for this: while commands are stopped, the step's own
 * `::add-mask::` for a token issued meanwhile would be printed in clear instead of masking it.
 */
export function neutraliseWorkflowCommands(text: string): string {
  return text.replace(/(^|[\r\n])([ \t]*):(?=:)/g, '$1$2:\u200b');
}
