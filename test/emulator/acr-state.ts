import { randomUUID } from 'node:crypto';
import { BlobSASPermissions, BlobServiceClient, generateBlobSASQueryParameters, SASProtocol, StorageSharedKeyCredential } from '@azure/storage-blob';
import { registerSecret } from '../runner/secret-guard.ts';
import type { Azurite } from './azurite.ts';

export const ACR_API_VERSION = '2019-06-01-preview';

export type RunStatus = 'Queued' | 'Started' | 'Running' | 'Succeeded' | 'Failed' | 'Canceled' | 'Error' | 'Timeout';

/** How the next builds behave. */
export interface BuildScript {
  /** 'hang' stops writing after the first steps and never ends until cancelled. */
  outcome: 'Succeeded' | 'Failed' | 'Timeout' | 'Error' | 'hang';
  /** Time in Queued before the build starts. */
  queueMs: number;
  /** Pause between log steps. */
  stepDelayMs: number;
  /** Delay between the terminal status and the log being marked Complete. */
  logLagMs: number;
  /** Extra build output lines written by the RUN steps (for volume). */
  extraLogLines: number;
  /** Output of the first RUN step, as written (what a dependency printed, say). */
  runOutput?: string[];
}

/**
 * The log blob's `Complete` metadata at the end of a run. ACR writes the run's outcome word there
 * (the Azure CLI reads it so: `_get_run_status` in Azure/azure-cli
 * src/azure-cli/azure/cli/command_modules/acr/_stream_utils.py raises on `failed`, `internalerror`,
 * `timedout`, `canceled`; scripts wait for `x-ms-meta-Complete: successful`). No recorded blob HEAD
 * of a run log exists in the public cassettes (`az acr build` in them runs with --no-logs): this
 * follows the client code. 'true' is the old assumption, kept only as a fault case.
 */
export const COMPLETE_OUTCOME: Record<string, string> = { Succeeded: 'successful', Failed: 'failed', Canceled: 'canceled', Timeout: 'timedout', Error: 'internalerror' };

/**
 * Which links Runs_GetLogSasUrl answers (RunGetLogResult has `logLink` and `logArtifactLink`;
 * Azure/azure-rest-api-specs containerregistry 2019-06-01-preview RunsGetLogSasUrl.json shows
 * `logLink` alone). 'artifact' answers only `logArtifactLink`, as for a run whose log is kept in
 * the registry, and 'both' answers the two.
 */
export type LogLinkShape = 'logLink' | 'both' | 'artifact';

export interface EmulatedRun {
  runId: string;
  registryKey: string;
  registryName: string;
  resourceId: string;
  request: Record<string, any>;
  status: RunStatus;
  createTime: string;
  startTime?: string;
  finishTime?: string;
  lastUpdatedTime: string;
  outputImages: { registry: string; repository: string; tag: string; digest: string }[];
  runErrorMessage?: string;
  logBlob: string;
  /** Paths found in the uploaded archive. */
  archiveEntries: string[];
  archiveSha256?: string;
  logComplete: boolean;
  cancelRequestedAt?: number;
  /** Resolves when a cancel arrives (wakes a hanging or sleeping build). */
  cancelled: Promise<void>;
  cancel: () => void;
  /** The engine's promise, for tests that wait for the end. */
  done?: Promise<void>;
}

export interface EmulatedRegistry {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  agentPools: string[];
}

export const SOURCE_CONTAINER = 'source';
export const LOG_CONTAINER = 'logs';

/** ACR registries, source uploads and runs; blobs live in Azurite. */
export class AcrState {
  readonly registries = new Map<string, EmulatedRegistry>();
  readonly runs = new Map<string, EmulatedRun>();
  /** relativePath → blob name in the source container. */
  readonly uploads = new Map<string, string>();
  script: BuildScript = { outcome: 'Succeeded', queueMs: 200, stepDelayMs: 100, logLagMs: 200, extraLogLines: 0 };
  /** The value of the log blob's Complete metadata: the outcome word (as ACR) or 'true' (fault case). */
  completeMetadata: 'outcome' | 'true' = 'outcome';
  /** The links listLogSasUrl answers. */
  logLinks: LogLinkShape = 'logLink';
  /** Signatures of the artifact log links handed out: signature → run id. */
  readonly artifactLinks = new Map<string, string>();
  /** Hand out SAS URLs through the emulator (/_blob/...), so fault injection applies to blob requests. */
  proxyBlobs = true;
  azurite: Azurite | undefined;
  private credential: StorageSharedKeyCredential | undefined;
  private service: BlobServiceClient | undefined;
  private counter = 0;
  /** Keeps log blobs of this emulator apart from earlier ones in a shared Azurite. */
  private readonly instance = randomUUID().slice(0, 8);

  static key(subscriptionId: string, resourceGroup: string, name: string): string {
    return `${subscriptionId}/${resourceGroup}/${name}`.toLowerCase();
  }

  /** Connects the registry's storage to a running Azurite and creates the source and log containers. */
  async attachAzurite(azurite: Azurite): Promise<void> {
    this.azurite = azurite;
    this.credential = new StorageSharedKeyCredential(azurite.account, azurite.key);
    this.service = new BlobServiceClient(azurite.blobEndpoint, this.credential);
    for (const name of [SOURCE_CONTAINER, LOG_CONTAINER]) await this.service.getContainerClient(name).createIfNotExists();
  }

  get blobs(): BlobServiceClient {
    if (!this.service) throw new Error('The ACR emulator needs Azurite: call emulator.acr.attachAzurite(await startAzurite()).');
    return this.service;
  }

  addRegistry(spec: { subscriptionId: string; resourceGroup: string; name: string; agentPools?: string[] }): EmulatedRegistry {
    const registry = { ...spec, agentPools: spec.agentPools ?? [] };
    this.registries.set(AcrState.key(spec.subscriptionId, spec.resourceGroup, spec.name), registry);
    return registry;
  }

  registry(subscriptionId: string, resourceGroup: string, name: string): EmulatedRegistry | undefined {
    return this.registries.get(AcrState.key(subscriptionId, resourceGroup, name));
  }

  /** A SAS URL for one blob, pointing at Azurite or, with proxyBlobs, at the emulator's /_blob route. */
  sasUrl(emulatorBase: string, container: string, blob: string, permissions: string): string {
    const sas = generateBlobSASQueryParameters(
      { containerName: container, blobName: blob, permissions: BlobSASPermissions.parse(permissions), startsOn: new Date(Date.now() - 60_000), expiresOn: new Date(Date.now() + 3600_000), protocol: SASProtocol.HttpsAndHttp },
      this.credential!,
    );
    registerSecret(sas.signature);
    registerSecret(encodeURIComponent(sas.signature));
    const query = sas.toString();
    const path = `${container}/${blob.split('/').map(encodeURIComponent).join('/')}`;
    const base = this.proxyBlobs ? `${emulatorBase}/_blob/${this.azurite!.account}` : this.azurite!.blobEndpoint;
    return `${base}/${path}?${query}`;
  }

  /** A pre-signed link to a run's log kept as a registry artifact (served by the acr.logArtifact route). */
  artifactUrl(emulatorBase: string, run: EmulatedRun): string {
    const signature = randomUUID().replace(/-/g, '');
    registerSecret(signature);
    this.artifactLinks.set(signature, run.runId);
    return `${emulatorBase}/_acrlog/${encodeURIComponent(run.runId)}/rawtext.log?sig=${signature}`;
  }

  newUpload(emulatorBase: string): { uploadUrl: string; relativePath: string } {
    const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 12);
    const relativePath = `source/${stamp}/${randomUUID()}.tar.gz`;
    const blob = relativePath.slice('source/'.length);
    this.blobs; // fail clearly without Azurite
    this.uploads.set(relativePath, blob);
    return { uploadUrl: this.sasUrl(emulatorBase, SOURCE_CONTAINER, blob, 'rcw'), relativePath };
  }

  newRun(registry: EmulatedRegistry, request: Record<string, any>): EmulatedRun {
    const runId = `ca${(++this.counter).toString(36)}`;
    let cancel!: () => void;
    const cancelled = new Promise<void>((done) => (cancel = done));
    const now = new Date().toISOString();
    const run: EmulatedRun = {
      runId,
      registryKey: AcrState.key(registry.subscriptionId, registry.resourceGroup, registry.name),
      registryName: registry.name,
      resourceId: `/subscriptions/${registry.subscriptionId}/resourceGroups/${registry.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${registry.name}/runs/${runId}`,
      request,
      status: 'Queued',
      createTime: now,
      lastUpdatedTime: now,
      outputImages: [],
      logBlob: `${this.instance}/${runId}/rawtext.log`,
      archiveEntries: [],
      logComplete: false,
      cancelled,
      cancel,
    };
    for (const arg of (request.arguments ?? []) as { value?: string; isSecret?: boolean }[]) if (arg.isSecret) registerSecret(arg.value);
    this.runs.set(runId, run);
    return run;
  }

  /** The Run resource as Runs_Get returns it. */
  resource(run: EmulatedRun): Record<string, unknown> {
    return {
      properties: {
        runId: run.runId,
        status: run.status,
        lastUpdatedTime: run.lastUpdatedTime,
        runType: 'QuickBuild',
        createTime: run.createTime,
        ...(run.startTime ? { startTime: run.startTime } : {}),
        ...(run.finishTime ? { finishTime: run.finishTime } : {}),
        outputImages: run.outputImages,
        ...(run.runErrorMessage ? { runErrorMessage: run.runErrorMessage } : {}),
        platform: run.request.platform,
        ...(run.request.agentPoolName ? { agentPoolName: run.request.agentPoolName } : {}),
        provisioningState: 'Succeeded',
        isArchiveEnabled: false,
      },
      id: run.resourceId,
      name: run.runId,
      type: 'Microsoft.ContainerRegistry/registries/runs',
    };
  }
}
