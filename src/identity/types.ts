// Who is calling: the one shape every way of proving identity (API key, JWT, client certificate) yields.

export interface Identity {
  readonly kind: 'api_key' | 'jwt' | 'mtls';
  /** Key id, JWT subject, or the configured id of a certificate. Never a secret. */
  readonly id: string;
  readonly roles: readonly string[];
  /** Models this identity may call; `*` for any (policy still decides). */
  readonly models: readonly string[];
  readonly tenant?: string;
}
