import type { Token, TokenKind } from '../domain/registry/token.js';
import type { TokenRepository } from '../domain/registry/token.repository.js';
import type { PrismaClient, Token as TokenRow } from './generated/client.js';

/** `Token.assetId` is a BigInt column: asset ids are u32, beyond a 32-bit signed integer. */
const assetIdColumn = (id: number | null): bigint | null => (id === null ? null : BigInt(id));
const assetIdOf = (column: bigint | null): number | null => (column === null ? null : Number(column));

const toDomain = (r: TokenRow): Token => ({
  denom: r.denom,
  kind: r.kind as TokenKind,
  assetId: assetIdOf(r.assetId),
  decimals: r.decimals,
  rate: r.rate,
  staking: r.staking,
});

export class PrismaTokenRepository implements TokenRepository {
  constructor(private readonly db: PrismaClient) {}

  async list(): Promise<Token[]> {
    return (await this.db.token.findMany({ orderBy: { denom: 'asc' } })).map(toDomain);
  }

  async get(denom: string): Promise<Token | null> {
    const row = await this.db.token.findUnique({ where: { denom } });
    return row ? toDomain(row) : null;
  }

  async byAssetId(assetId: number): Promise<Token | null> {
    const row = await this.db.token.findUnique({ where: { assetId: assetIdColumn(assetId)! } });
    return row ? toDomain(row) : null;
  }

  async native(): Promise<Token | null> {
    const row = await this.db.token.findFirst({ where: { kind: 'native' } });
    return row ? toDomain(row) : null;
  }

  async put(token: Token, check: (registry: readonly Token[]) => void): Promise<{ created: boolean }> {
    return this.db.$transaction(async (tx) => {
      // Registry writes one at a time: "one native token" is a rule over rows no constraint covers.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('ndest:token-registry'))`;
      const registry = (await tx.token.findMany({ orderBy: { denom: 'asc' } })).map(toDomain);
      check(registry);
      const data = {
        kind: token.kind,
        assetId: assetIdColumn(token.assetId),
        decimals: token.decimals,
        rate: token.rate,
        staking: token.staking,
      };
      await tx.token.upsert({ where: { denom: token.denom }, create: { denom: token.denom, ...data }, update: data });
      return { created: !registry.some((t) => t.denom === token.denom) };
    });
  }

  async delete(denom: string): Promise<Token | null> {
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('ndest:token-registry'))`;
      const row = await tx.token.findUnique({ where: { denom } });
      if (!row) return null;
      await tx.token.delete({ where: { denom } });
      return toDomain(row);
    });
  }
}
