import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../../lib/observability/logger';
import { requireCommand, run } from './processes';

export const KAFKA_VERSION = '3.9.1';
const DEPENDENCIES = [
  ['org.apache.kafka', 'kafka_2.13', KAFKA_VERSION],
  ['org.slf4j', 'slf4j-reload4j', '1.7.36'],
  ['ch.qos.reload4j', 'reload4j', '1.2.25'],
];
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.6.1';

/** Maven runs only when the cached classpath is missing or names jars that are gone from ~/.m2. */
export async function resolveKafkaClasspath(cacheDir: string, logger?: Logger): Promise<string> {
  const dir = path.join(cacheDir, `kafka-${KAFKA_VERSION}`);
  const cached = path.join(dir, 'classpath.txt');
  if (fs.existsSync(cached)) {
    const classpath = fs.readFileSync(cached, 'utf8').trim();
    if (classpath !== '' && classpath.split(path.delimiter).every((jar) => fs.existsSync(jar)))
      return classpath;
  }
  requireCommand('mvn', 'Apache Maven 3 (e.g. `apt-get install maven`) to download Kafka once');
  logger?.info('resolving Apache Kafka from Maven Central (first run only)', { version: KAFKA_VERSION });
  fs.mkdirSync(dir, { recursive: true });
  const deps = DEPENDENCIES.map(
    ([g, a, v]) =>
      `    <dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version></dependency>`,
  );
  const pom = path.join(dir, 'pom.xml');
  fs.writeFileSync(
    pom,
    `<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n` +
      `  <groupId>codepix.local</groupId><artifactId>local-kafka</artifactId><version>1</version>\n` +
      `  <packaging>pom</packaging>\n  <dependencies>\n${deps.join('\n')}\n  </dependencies>\n</project>\n`,
  );
  // Written beside the cache and renamed, so a concurrent or interrupted run never leaves half a file.
  const partial = `${cached}.${process.pid}.tmp`;
  const args = ['-q', '-B', '-Dstyle.color=never', '-f', pom, `${DEPENDENCY_PLUGIN}:build-classpath`];
  args.push(`-Dmdep.outputFile=${partial}`, '-Dmdep.includeScope=runtime');
  await run('mvn', args, 'resolving Kafka with Maven', 10 * 60_000);
  fs.renameSync(partial, cached);
  return fs.readFileSync(cached, 'utf8').trim();
}
