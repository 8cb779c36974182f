import type { PrismaClient } from './generated/client.js';

/** Small durable values of the service, such as the last active era a round was started for. */
export class ServiceStateRepository {
  constructor(private readonly db: PrismaClient) {}

  async get(key: string): Promise<string | null> {
    return (await this.db.serviceState.findUnique({ where: { key } }))?.value ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    await this.db.serviceState.upsert({ where: { key }, create: { key, value }, update: { value } });
  }
}
