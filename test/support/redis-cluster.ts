// Starts a real Redis Cluster for tests: N redis-server processes (test/support/redis.ts, so each
// has its own free 127.0.0.1 port, temp directory and AOF with appendfsync always) started with
// --cluster-enabled, joined by `redis-cli --cluster create … --cluster-replicas 0` (N primaries,
// no replicas), and ready once CLUSTER INFO says cluster_state:ok on every node.
// remove() stops every node and deletes their directories.
import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort, requireRedisServer, startRedis, type RedisServer } from './redis.js';

export interface RedisClusterNode extends RedisServer {
  /** Cluster node id (CLUSTER MYID). */
  id: string;
}

export interface RedisCluster {
  /** `redis-cluster://127.0.0.1:p1,127.0.0.1:p2,…/` — append `?prefix=…`. */
  url: string;
  nodes: RedisClusterNode[];
  /** CLUSTER KEYSLOT of a key (asked of the cluster, not recomputed here). */
  keyslot(key: string): Promise<number>;
  /** The node currently serving a slot (CLUSTER SLOTS as the first live node sees it). */
  nodeOfSlot(slot: number): Promise<RedisClusterNode>;
  /** A plain connection to one node (not cluster-aware); the caller disconnects it. */
  direct(node: RedisClusterNode): Redis;
  /**
   * Moves one slot and its keys to another node the way resharding does (SETSLOT IMPORTING /
   * MIGRATING, MIGRATE, SETSLOT NODE everywhere); clients then get MOVED for it.
   */
  moveSlot(slot: number, to: RedisClusterNode): Promise<void>;
  /**
   * Resharding caught in the middle: the slot is MIGRATING on its node and IMPORTING on `to`, and
   * only the keys `pick` chooses have moved. finish() moves the rest and hands the slot over.
   */
  beginSlotMove(slot: number, to: RedisClusterNode, pick?: (keys: string[]) => string[]): Promise<{ finish(): Promise<void> }>;
  remove(): Promise<void>;
}

function requireRedisCli(): void {
  const probe = spawnSync('redis-cli', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('redis-cli is not installed: run `apt-get install -y redis-server` (it brings redis-tools) to run the Redis Cluster tests');
  }
}

async function clusterOk(port: number): Promise<boolean> {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await r.connect();
    return /cluster_state:ok/.test(await r.cluster('INFO'));
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

export async function startRedisCluster(size = 3): Promise<RedisCluster> {
  requireRedisServer();
  requireRedisCli();
  const nodes: RedisClusterNode[] = [];
  const removeAll = async () => { await Promise.all(nodes.map((n) => n.remove())); };
  try {
    for (let i = 0; i < size; i++) {
      // The cluster bus port defaults to port + 10000, which may be taken or above 65535: pick one.
      const busPort = await freePort();
      const server = await startRedis({
        extraArgs: [
          '--cluster-enabled', 'yes',
          '--cluster-config-file', 'nodes.conf', // relative to --dir, the node's temp directory
          '--cluster-port', String(busPort),
          '--cluster-node-timeout', '5000',
        ],
      });
      const r = new Redis({ port: server.port, host: '127.0.0.1' });
      const id = (await r.cluster('MYID')) as string;
      r.disconnect();
      nodes.push(Object.assign(server, { id }));
    }
    const created = spawnSync('redis-cli', [
      '--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`),
      '--cluster-replicas', '0', '--cluster-yes',
    ], { encoding: 'utf8', timeout: 30_000 });
    if (created.error || created.status !== 0) {
      throw new Error(`redis-cli --cluster create failed (${created.error?.message ?? `exit ${created.status}`}):\n${created.stdout}\n${created.stderr}`);
    }
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ok = await Promise.all(nodes.map((n) => clusterOk(n.port)));
      if (ok.every(Boolean)) break;
      if (Date.now() > deadline) throw new Error(`redis cluster not ok after 20 s (state ok on ${ok.filter(Boolean).length}/${size} nodes)`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (e) {
    await removeAll();
    throw e;
  }

  const direct = (node: RedisClusterNode) => new Redis({ port: node.port, host: '127.0.0.1', maxRetriesPerRequest: 0 });
  const ask = async <T>(work: (r: Redis) => Promise<T>): Promise<T> => {
    for (const node of nodes) {
      if (node.pid === undefined) continue;
      const r = direct(node);
      try { return await work(r); } finally { r.disconnect(); }
    }
    throw new Error('no redis cluster node is running');
  };
  const cluster: RedisCluster = {
    url: `redis-cluster://${nodes.map((n) => `127.0.0.1:${n.port}`).join(',')}/`,
    nodes,
    direct,
    keyslot: (key) => ask(async (r) => Number(await r.cluster('KEYSLOT', key))),
    nodeOfSlot: (slot) => ask(async (r) => {
      const ranges = await r.cluster('SLOTS');
      const range = ranges.find(([from, to]) => from <= slot && slot <= to);
      const node = range && nodes.find((n) => n.id === range[2][2]);
      if (!node) throw new Error(`no node serves slot ${slot}`);
      return node;
    }),
    beginSlotMove: async (slot, to, pick = () => []) => {
      const from = await cluster.nodeOfSlot(slot);
      if (from === to) throw new Error(`slot ${slot} is already on ${to.port}`);
      const [src, dst] = [direct(from), direct(to)];
      const migrate = async (keys: string[]) => {
        for (let i = 0; i < keys.length; i += 100) await src.migrate('127.0.0.1', to.port, '', 0, 5000, 'KEYS', ...keys.slice(i, i + 100));
      };
      try {
        await dst.cluster('SETSLOT', slot, 'IMPORTING', from.id);
        await src.cluster('SETSLOT', slot, 'MIGRATING', to.id);
        await migrate(pick(await src.cluster('GETKEYSINSLOT', slot, 100_000)));
      } catch (e) {
        src.disconnect();
        dst.disconnect();
        throw e;
      }
      return {
        finish: async () => {
          try {
            await migrate(await src.cluster('GETKEYSINSLOT', slot, 100_000));
            for (const r of [dst, src]) await r.cluster('SETSLOT', slot, 'NODE', to.id);
            for (const node of nodes.filter((n) => n !== from && n !== to && n.pid !== undefined)) {
              const r = direct(node);
              try { await r.cluster('SETSLOT', slot, 'NODE', to.id); } finally { r.disconnect(); }
            }
          } finally {
            src.disconnect();
            dst.disconnect();
          }
        },
      };
    },
    moveSlot: async (slot, to) => { await (await cluster.beginSlotMove(slot, to)).finish(); },
    remove: removeAll,
  };
  return cluster;
}
