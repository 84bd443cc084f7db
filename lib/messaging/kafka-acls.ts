import {
  type AclEntry,
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  type Admin,
  type Kafka,
  ResourcePatternTypes,
} from 'kafkajs';
import { type Identity, kafkaPrincipal } from '../security/pki';
import type { TopicNames } from './topics';

/**
 * Kafka ACLs of bank certificates. The broker allows nothing that no ACL names
 * (allow.everyone.if.no.acl.found=false) except to its super users, the hub and itself; so a bank may
 * do only what these grant. Every ACL names one certificate's principal (`User:bank-<ISPB>-<serial>`):
 * revoking a certificate takes its access alone, and a re-issued one is granted afresh.
 *
 * DESCRIBE is not granted on its own: the broker implies it from READ and WRITE. Idempotent produce
 * needs no IDEMPOTENT_WRITE on the cluster since Kafka 2.8 (KIP-679): WRITE on a topic is enough.
 */

const allow = (
  principal: string,
  resourceType: AclResourceTypes,
  resourceName: string,
  operation: AclOperationTypes,
): AclEntry => ({
  principal,
  host: '*',
  resourceType,
  resourceName,
  resourcePatternType: ResourcePatternTypes.LITERAL,
  operation,
  permissionType: AclPermissionTypes.ALLOW,
});

/**
 * What one bank certificate may do: write the inbound topics (requests, replies) and the DLQ (banks
 * dead-letter there, but may not read it), read its own topic in its own consumer group. Nothing else:
 * not another bank's topic or group, not create or delete a topic.
 */
export function bankAcls(topics: TopicNames, identity: Identity): AclEntry[] {
  if (identity.role !== 'bank') throw new Error(`bank ACLs are for bank certificates, not ${identity.role}`);
  const principal = kafkaPrincipal(identity);
  const { TOPIC, GROUP } = AclResourceTypes;
  const { READ, WRITE } = AclOperationTypes;
  return [
    ...[topics.transfers, topics.confirmations, topics.dlq].map((t) => allow(principal, TOPIC, t, WRITE)),
    allow(principal, TOPIC, topics.bank(identity.name), READ),
    allow(principal, GROUP, topics.bankGroup(identity.name), READ),
  ];
}

async function withAdmin<T>(kafka: Kafka, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Grants a bank certificate its ACLs on the topics of `topics.prefix`. Granting again changes nothing.
 * `kafka` must be a super user's client (the hub's). The topics need not exist yet.
 */
export async function grantBank(kafka: Kafka, topics: TopicNames, identity: Identity): Promise<void> {
  const acl = bankAcls(topics, identity);
  await withAdmin(kafka, (admin) => admin.createAcls({ acl }));
}

/**
 * Deletes every ACL of one certificate's principal, on every prefix; returns how many there were.
 * The broker reads no revocation list: a revoked certificate still completes a TLS handshake, but is
 * then authorized for nothing (its open connections too, from their next request).
 */
export async function revokeCertificate(kafka: Kafka, identity: Identity): Promise<number> {
  const response = await withAdmin(kafka, (admin) =>
    admin.deleteAcls({
      filters: [
        {
          principal: kafkaPrincipal(identity),
          resourceType: AclResourceTypes.ANY,
          resourcePatternType: ResourcePatternTypes.ANY,
          operation: AclOperationTypes.ANY,
          permissionType: AclPermissionTypes.ANY,
        },
      ],
    }),
  );
  const failed = response.filterResponses.find((r) => r.errorCode !== 0);
  if (failed) throw new Error(`deleting the ACLs failed: ${failed.errorMessage ?? failed.errorCode}`);
  return response.filterResponses.reduce((sum, r) => sum + r.matchingAcls.length, 0);
}
