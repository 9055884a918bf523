/**
 * Real cgroup file contents for the parsers' tables. v1: read on the CI VM (kernel 6.18, Docker
 * 20.10, cgroupfs driver) from a running busybox `sleep` container of a BestEffort pod and from
 * /sys/fs/cgroup/memory/kubepods. v2: read in the Debian 12 guest (kernel 6.1, systemd driver)
 * from a Burstable pod's slice (test/guest).
 */
export const V1_CONTAINER_MEMORY_STAT = `cache 0
rss 45056
rss_huge 0
shmem 0
mapped_file 0
dirty 0
writeback 0
workingset_refault_anon 0
workingset_refault_file 0
swap 0
swapcached 0
pgpgin 891
pgpgout 880
pgfault 1201
pgmajfault 0
inactive_anon 40960
active_anon 4096
inactive_file 0
active_file 0
unevictable 0
hierarchical_memory_limit 9223372036854771712
hierarchical_memsw_limit 9223372036854771712
total_cache 0
total_rss 45056
total_rss_huge 0
total_shmem 0
total_mapped_file 0
total_dirty 0
total_writeback 0
total_workingset_refault_anon 0
total_workingset_refault_file 0
total_swap 0
total_swapcached 0
total_pgpgin 891
total_pgpgout 880
total_pgfault 1201
total_pgmajfault 0
total_inactive_anon 40960
total_active_anon 4096
total_inactive_file 0
total_active_file 0
total_unevictable 0
`;
export const V1_CONTAINER_USAGE_IN_BYTES = '307200\n';
export const V1_CONTAINER_CPUACCT_USAGE = '32006419\n';
export const V1_CONTAINER_OOM_CONTROL = 'oom_kill_disable 0\nunder_oom 0\noom_kill 0\n';
/** The kubepods cgroup: its own counters are 0, the hierarchy's are under `total_`. */
export const V1_KUBEPODS_MEMORY_STAT = `cache 0
rss 0
rss_huge 0
shmem 0
mapped_file 0
dirty 0
writeback 0
workingset_refault_anon 0
workingset_refault_file 0
swap 0
swapcached 0
pgpgin 0
pgpgout 0
pgfault 0
pgmajfault 0
inactive_anon 0
active_anon 0
inactive_file 0
active_file 0
unevictable 0
hierarchical_memory_limit 9223372036854771712
hierarchical_memsw_limit 9223372036854771712
total_cache 2678784
total_rss 1163264
total_rss_huge 0
total_shmem 0
total_mapped_file 1986560
total_dirty 0
total_writeback 0
total_workingset_refault_anon 0
total_workingset_refault_file 4128
total_swap 0
total_swapcached 0
total_pgpgin 13979677
total_pgpgout 13978739
total_pgfault 19732846
total_pgmajfault 102
total_inactive_anon 1064960
total_active_anon 98304
total_inactive_file 126976
total_active_file 2551808
total_unevictable 0
`;
export const V1_KUBEPODS_USAGE_IN_BYTES = '12775424\n';
export const V1_KUBEPODS_CPUACCT_USAGE = '530645995366\n';
/** A kernel before 4.13: no `oom_kill` line. */
export const V1_OLD_KERNEL_OOM_CONTROL = 'oom_kill_disable 0\nunder_oom 0\n';

/** cgroup v2, Debian 12 guest (kernel 6.1, Docker 20.10, systemd driver): a Burstable pod's slice. */
export const V2_POD_MEMORY_CURRENT = '663552\n';
export const V2_POD_MEMORY_STAT = `anon 102400
file 0
kernel 450560
kernel_stack 32768
pagetables 40960
sec_pagetables 0
percpu 15744
sock 0
vmalloc 16384
shmem 0
zswap 0
zswapped 0
file_mapped 0
file_dirty 0
file_writeback 0
swapcached 0
anon_thp 0
file_thp 0
shmem_thp 0
inactive_anon 94208
active_anon 8192
inactive_file 0
active_file 0
unevictable 0
slab_reclaimable 112200
slab_unreclaimable 181904
slab 294104
workingset_refault_anon 0
workingset_refault_file 0
workingset_activate_anon 0
workingset_activate_file 0
workingset_restore_anon 0
workingset_restore_file 0
workingset_nodereclaim 0
pgscan 0
pgsteal 0
pgscan_kswapd 0
pgscan_direct 0
pgsteal_kswapd 0
pgsteal_direct 0
pgfault 13378
pgmajfault 0
pgrefill 0
pgactivate 4
pgdeactivate 0
pglazyfree 0
pglazyfreed 0
zswpin 0
zswpout 0
thp_fault_alloc 2
thp_collapse_alloc 0
`;
export const V2_POD_CPU_STAT = `usage_usec 4027982
user_usec 683996
system_usec 3343985
nr_periods 423
nr_throttled 24
throttled_usec 1055413
nr_bursts 0
burst_usec 0
`;
export const V2_POD_MEMORY_EVENTS = `low 0
high 0
max 0
oom 0
oom_kill 0
oom_group_kill 0
`;
