import type { WebhookHeaders } from './webhook-signature.js';

/**
 * Whose webhooks this proxy takes: 8x8 names the tenant (`x-8x8-tenant-id`, the
 * "Tenant Label" of Configuration Manager > Home > Profile) and the customer
 * (`x-8x8-customer-id`) on every webhook, and signs both. A correctly signed
 * webhook of another tenant is 8x8 pointing someone else's channel at this
 * proxy (or this proxy set up for the wrong tenant): never ours to store.
 */
export interface ExpectedTenant {
  /** CC_TENANT_ID; unset, any tenant is taken. */
  tenantId?: string;
  /** CC_CUSTOMER_ID; unset, any customer is taken. */
  customerId?: string;
}

export type TenantVerdict =
  | { ok: true; checked: boolean }
  | { ok: false; mismatch: 'x-8x8-tenant-id' | 'x-8x8-customer-id' };

export function checkTenant(expected: ExpectedTenant, headers: WebhookHeaders): TenantVerdict {
  if (expected.tenantId !== undefined && headers.tenantId !== expected.tenantId) {
    return { ok: false, mismatch: 'x-8x8-tenant-id' };
  }
  if (expected.customerId !== undefined && headers.customerId !== expected.customerId) {
    return { ok: false, mismatch: 'x-8x8-customer-id' };
  }
  return {
    ok: true,
    checked: expected.tenantId !== undefined || expected.customerId !== undefined,
  };
}
