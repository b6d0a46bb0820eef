/** Azure portal links for step summaries. */
export function portalResourceLink(portal: string, resourceId: string, blade = ''): string {
  return `${portal}/#resource${resourceId}${blade}`;
}
