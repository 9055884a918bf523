/**
 * Who may use the kubelet port (k8s `pkg/kubelet/server/auth.go`, `server.go` InstallAuthFilter,
 * `cmd/kubelet/app/auth.go`): a request is authenticated by its TLS client certificate (verified
 * against --client-ca-file; CN the user, O the groups) or, with --authentication-token-webhook,
 * by a bearer token the API server reviews (TokenReview); then authorized as AlwaysAllow or by
 * the API server (SubjectAccessReview on `nodes/<node>`, `requestAttributes`). The reviews come
 * through `KubeletAuthWebhooks`, which node mode supplies with its API client.
 */

export const KUBELET_AUTHORIZATION_MODES = ['AlwaysAllow', 'Webhook'] as const;
export type KubeletAuthorizationMode = (typeof KUBELET_AUTHORIZATION_MODES)[number];

export interface KubeletUser {
  name: string;
  groups: string[];
}

/** What the kubelet asks the authorizer (authorizer.AttributesRecord, the fields it fills). */
export interface RequestAttributes {
  verb: string;
  resource: 'nodes';
  subresource: 'proxy' | 'stats' | 'metrics' | 'log';
  name: string;
  path: string;
}

export interface AuthorizationDecision {
  allowed: boolean;
  reason?: string;
}

/** The API server's reviews, through node mode's client. */
export interface KubeletAuthWebhooks {
  /** TokenReview: the user the token belongs to, or undefined when the API server says it is not valid. */
  authenticateToken(token: string): Promise<KubeletUser | undefined>;
  /** SubjectAccessReview. */
  authorize(user: KubeletUser, attrs: RequestAttributes): Promise<AuthorizationDecision>;
}

export interface KubeletAuthConfig {
  authenticationTokenWebhook: boolean;
  authorizationMode: KubeletAuthorizationMode;
  webhooks?: KubeletAuthWebhooks;
}

/** The request as the authenticator sees it. */
export interface AuthRequest {
  /** The TLS client certificate: verified against the client CA, and its subject. */
  certificate?: { verified: boolean; commonName?: string; organizations: readonly string[] };
  authorization?: string;
}

/** The configuration cannot be served: say why at start instead of refusing every request. */
export function checkAuthConfig(config: KubeletAuthConfig): string | undefined {
  if (config.webhooks !== undefined) return undefined;
  if (config.authorizationMode === 'Webhook') {
    return '--authorization-mode Webhook asks the API server (SubjectAccessReview), which only node mode (--kubeconfig) reaches: use --authorization-mode AlwaysAllow without it';
  }
  if (config.authenticationTokenWebhook) {
    return '--authentication-token-webhook asks the API server (TokenReview), which only node mode (--kubeconfig) reaches: leave it off without it';
  }
  return undefined;
}

/** x509 first, then the bearer token (the kubelet's union authenticator); undefined: 401. */
export async function authenticate(request: AuthRequest, config: KubeletAuthConfig): Promise<KubeletUser | undefined> {
  const cert = request.certificate;
  if (cert?.verified && cert.commonName) return { name: cert.commonName, groups: [...cert.organizations, 'system:authenticated'] };
  const token = bearerToken(request.authorization);
  if (token === undefined || !config.authenticationTokenWebhook || config.webhooks === undefined) return undefined;
  return config.webhooks.authenticateToken(token);
}

export async function authorize(user: KubeletUser, attrs: RequestAttributes, config: KubeletAuthConfig): Promise<AuthorizationDecision> {
  if (config.authorizationMode === 'AlwaysAllow') return { allowed: true };
  if (config.webhooks === undefined) return { allowed: false, reason: 'no authorizer: --authorization-mode Webhook needs node mode' };
  return config.webhooks.authorize(user, attrs);
}

/** `Authorization: Bearer <token>` (case-insensitive scheme, as the apiserver's bearertoken authenticator). */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** Subpaths under which the subresource is not `proxy` (auth.go's statsPath, metricsPath, logsPath). */
const SUBRESOURCE_PATHS: [string, RequestAttributes['subresource']][] = [
  ['/stats', 'stats'],
  ['/metrics', 'metrics'],
  ['/logs', 'log'],
];

const VERBS: Record<string, string> = { POST: 'create', GET: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/** The kubelet's `GetRequestAttributes` (pure): `nodes/<node>` with the subresource of the path. */
export function requestAttributes(method: string, path: string, nodeName: string): RequestAttributes {
  const subresource = SUBRESOURCE_PATHS.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`))?.[1] ?? 'proxy';
  return { verb: VERBS[method] ?? '', resource: 'nodes', subresource, name: nodeName, path };
}

/** The kubelet's 403 body. */
export function forbiddenMessage(user: KubeletUser, attrs: RequestAttributes): string {
  return `Forbidden (user=${user.name}, verb=${attrs.verb}, resource=${attrs.resource}, subresource=${attrs.subresource})`;
}
