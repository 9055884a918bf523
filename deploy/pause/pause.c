/*
 * pause: the process that holds a pod's namespaces (the "sandbox" container).
 *
 * Behaves as Kubernetes' build/pause/linux/pause.c (Apache-2.0), which it follows:
 *  - SIGINT/SIGTERM: prints "Shutting down, got signal" and exits 0, so stopping a sandbox is immediate;
 *  - SIGCHLD: reaps every exited child (waitpid WNOHANG in a loop), which matters when it is PID 1 of a
 *    shared PID namespace (shareProcessNamespace);
 *  - warns when it is not PID 1; `-v` prints the version and exits.
 * Build: cc -static -O2 -o pause pause.c   (scripts/build-images.sh does it)
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#define STRINGIFY(x) #x
#define VERSION_STRING(x) STRINGIFY(x)

#ifndef VERSION
#define VERSION 3.10-minikubelet
#endif

static void sigdown(int signo) {
  psignal(signo, "Shutting down, got signal");
  exit(0);
}

static void sigreap(int signo) {
  (void)signo;
  while (waitpid(-1, NULL, WNOHANG) > 0)
    ;
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    if (!strcasecmp(argv[i], "-v")) {
      printf("pause.c %s\n", VERSION_STRING(VERSION));
      return 0;
    }
  }

  if (getpid() != 1)
    /* Not an error: pause is also used outside of sandboxes. */
    fprintf(stderr, "Warning: pause should be the first process\n");

  if (sigaction(SIGINT, &(struct sigaction){.sa_handler = sigdown}, NULL) < 0)
    return 1;
  if (sigaction(SIGTERM, &(struct sigaction){.sa_handler = sigdown}, NULL) < 0)
    return 2;
  if (sigaction(SIGCHLD, &(struct sigaction){.sa_handler = sigreap, .sa_flags = SA_NOCLDSTOP}, NULL) < 0)
    return 3;

  for (;;)
    pause();
  fprintf(stderr, "Error: infinite loop terminated\n");
  return 42;
}
