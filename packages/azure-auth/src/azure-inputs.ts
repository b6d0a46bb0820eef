import { azureName, choice, optionalAzureName } from '@te-actions/action-kit';
import { CLOUD_NAMES, type CloudName } from './clouds.js';

export interface CommonAzureInputs {
  subscriptionId: string;
  clientId?: string;
  tenantId?: string;
  cloud: CloudName;
}

/** The sign-in inputs every Azure action shares: subscription-id, client-id, tenant-id, environment. */
export function readAzureInputs(): CommonAzureInputs {
  return {
    subscriptionId: azureName('subscription-id', 'subscriptionId'),
    clientId: optionalAzureName('client-id', 'clientId'),
    tenantId: optionalAzureName('tenant-id', 'tenantId'),
    cloud: choice('environment', CLOUD_NAMES, 'AzureCloud'),
  };
}
