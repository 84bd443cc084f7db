import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import { grantBank } from '../../lib/messaging/kafka-acls';
import { createKafka } from '../../lib/messaging/kafka-client-factory';
import type { TopicNames } from '../../lib/messaging/topics';
import {
  ensureIdentity,
  identityPaths,
  type LoadedIdentity,
  loadAuthority,
  loadIdentity,
} from '../../lib/security/identity-files';
import { securityOn, testPki } from './test-identities';
import { testLogger } from './test-log';

/**
 * The Kafka side of the run's identities (test-identities.ts has the gRPC side). Every helper gives
 * undefined, or does nothing, when the run is without security (CODEPIX_SECURITY=off).
 */

/** The hub's identity: a super user on the broker, what test probes and audits connect with. */
export function hubIdentity(): LoadedIdentity | undefined {
  return securityOn() ? loadIdentity(identityPaths(testPki().hub), 'hub') : undefined;
}

/** A Kafka client of the test run's broker, as the hub (it reads and writes every topic). */
export const testKafka = (clientId: string): Kafka =>
  createKafka({
    brokers: (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean),
    clientId,
    identity: hubIdentity(),
    logger: testLogger(`kafka-${clientId}`),
  });

/**
 * A fresh certificate for bank `ispb`, in a folder of its own: a principal of its own on the broker,
 * as a re-issued certificate is, so a test may revoke it without touching another file's.
 */
export async function issueBankIdentity(ispb: string): Promise<LoadedIdentity | undefined> {
  if (!securityOn()) return undefined;
  const dir = path.join(path.dirname(testPki().hub), 'issued', `${ispb}-${randomBytes(4).toString('hex')}`);
  return ensureIdentity(loadAuthority(testPki().authority), dir, { role: 'bank', name: ispb });
}

/** Grants a bank identity its ACLs on `topics` with the hub's client, as the hub does when it issues one. */
export async function grantTestBank(
  kafka: Kafka,
  topics: TopicNames,
  identity: LoadedIdentity | undefined,
): Promise<void> {
  if (identity) await grantBank(kafka, topics, identity.identity);
}
