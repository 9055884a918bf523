/**
 * Kubernetes `$(VAR)` expansion (k8s `third_party/forked/golang/expansion/expand.go`, used by
 * `ExpandContainerCommandAndArgs` and for env values): `$(NAME)` becomes the value when NAME is
 * defined and stays literal otherwise; `$$` is an escaped `$`; any other `$` stays as it is.
 */
export function expandVars(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch !== '$' || i + 1 >= input.length) {
      out += ch;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, close);
      const value = name.length > 0 ? lookup(name) : undefined;
      out += value ?? input.slice(i, close + 1);
      i = close;
    } else {
      out += ch;
    }
  }
  return out;
}

/** Env values in order, each able to refer to the ones before it (as the kubelet builds them). */
export function expandEnv(env: readonly { name: string; value?: string }[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const e of env) values.set(e.name, expandVars(e.value ?? '', (n) => values.get(n)));
  return values;
}
