import type { Container, Job } from './job-types.js';

/**
 * The container an action works on: the one named, or the job's only container. A job with several
 * containers needs a name, so the wrong one is never changed by accident.
 */
export function selectContainer(job: Job, containerName: string | undefined): Container {
  const containers = job.properties.template?.containers ?? [];
  const names = containers.map((container) => container.name).join(', ') || 'none';
  if (containerName) {
    const found = containers.find((container) => container.name === containerName);
    if (!found) throw new Error(`Job '${job.name}' has no container named '${containerName}'. Its containers: ${names}. Set container-name to one of them.`);
    return found;
  }
  if (containers.length === 1) return containers[0]!;
  if (containers.length === 0) throw new Error(`Job '${job.name}' has no containers in its template.`);
  throw new Error(`Job '${job.name}' has ${containers.length} containers (${names}). Set container-name to the one to use.`);
}
