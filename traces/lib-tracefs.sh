# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash disable=SC2034
#
# lib-tracefs.sh: shell functions shared by the capture scripts of traces/ (source it, bash).
#
# Capture through tracefs directly, then save with `trace-cmd extract` (`trace-cmd record`
# cannot run on this machine kind). The caller:
#   tfs_instance NAME         optional, first: trace into a new instance of its own
#                             (instances/NAME), untouched by other tracers of the top level;
#                             fails when NAME exists (another capture is running)
#   tfs_save WORKDIR          before touching anything (saves set_event, buffer sizes, tracing_on)
#   tfs_setup KB EVENT...     tracing off, only EVENTs (the ones this kernel has), KB per CPU,
#                             buffers cleared
#   echo 1 >$TFS/tracing_on   ... workload, tfs_marker "ioaware-phase begin NAME" ...
#   echo 0 >$TFS/tracing_on
#   tfs_lost                  events lost (overrun + dropped) over all CPUs
#   tfs_extract OUT.dat       trace-cmd extract, its log shown only on failure
#   tfs_restore               in the EXIT trap: puts back what tfs_save saved (or removes the
#                             instance)
#   tfs_phases OUT.dat UNIT   the "ioaware-phase begin/end NAME" markers of OUT.dat as a TSV
#                             (phase, begin, end), UNIT s (as report prints them) or ns
# Messages are prefixed with the calling script's name.

TFS_ROOT=/sys/kernel/tracing
TFS=$TFS_ROOT
TFS_INSTANCE=
TFS_EVENTS_DEFAULT=(
	sched:sched_switch sched:sched_wakeup sched:sched_waking sched:sched_wakeup_new
	sched:sched_migrate_task task:task_rename 'kvm:*'
	block:block_rq_issue block:block_rq_complete
	net:net_dev_xmit net:netif_receive_skb
	irq:irq_handler_entry irq:irq_handler_exit irq:softirq_entry irq:softirq_exit
)

tfs_say() {
	echo "${0##*/}: $*" >&2
}

# "N", "N (expanded: M)" before first use (M is what it grows to, so restore M), or "X" when
# CPUs differ: then per CPU.
tfs_buffer_kb() {
	sed -E 's/.*expanded: ([0-9]+).*/\1/' "$1"
}

tfs_instance() {
	TFS_INSTANCE=$1
	TFS=$TFS_ROOT/instances/$1
	mkdir "$TFS" 2>/dev/null || { tfs_say "$TFS: exists or cannot be made"; return 1; }
}

tfs_save() {
	local f
	TFS_WORK=$1
	if [ -n "$TFS_INSTANCE" ]; then	# ours, removed by tfs_restore: nothing to save
		TFS_SAVED_ON=instance
		return 0
	fi
	TFS_SAVED_ON=$(cat $TFS/tracing_on)
	TFS_SAVED_KB=$(tfs_buffer_kb $TFS/buffer_size_kb)
	cat $TFS/set_event >"$TFS_WORK/set_event.saved"
	declare -gA TFS_SAVED_CPU_KB=()
	for f in "$TFS"/per_cpu/cpu*/buffer_size_kb; do
		TFS_SAVED_CPU_KB[$f]=$(tfs_buffer_kb "$f")
	done
}

tfs_restore() {
	local f ev
	[ -n "${TFS_SAVED_ON:-}" ] || return 0	# nothing saved yet
	if [ -n "$TFS_INSTANCE" ]; then	# trace-cmd extract -B removes it, an error may not
		[ ! -d "$TFS" ] || echo 0 >$TFS/tracing_on
		[ ! -d "$TFS" ] || rmdir "$TFS" || tfs_say "cannot remove $TFS"
		return 0
	fi
	echo 0 >$TFS/tracing_on
	echo >$TFS/set_event
	while read -r ev; do
		echo "$ev" >>$TFS/set_event || tfs_say "cannot re-enable $ev"
	done <"$TFS_WORK/set_event.saved"
	if [ "$TFS_SAVED_KB" = X ]; then
		for f in "${!TFS_SAVED_CPU_KB[@]}"; do
			echo "${TFS_SAVED_CPU_KB[$f]}" >"$f"
		done
	else
		echo "$TFS_SAVED_KB" >$TFS/buffer_size_kb
	fi
	echo "$TFS_SAVED_ON" >$TFS/tracing_on
}

tfs_enable_events() {
	local ev missing=()
	for ev in "$@"; do
		if [ -e "$TFS/events/${ev/:/\/}" ] || { [ "${ev#*:}" = '*' ] &&
			[ -d "$TFS/events/${ev%%:*}" ]; }; then
			echo "$ev" >>$TFS/set_event
		else
			missing+=("$ev")
		fi
	done
	[ ${#missing[@]} -eq 0 ] || tfs_say "not on this kernel, skipped: ${missing[*]}"
}

tfs_setup() {
	local kb=$1
	shift
	echo 0 >$TFS/tracing_on
	echo >$TFS/set_event
	echo "$kb" >$TFS/buffer_size_kb
	tfs_enable_events "$@"
	echo >$TFS/trace	# clear the ring buffers
}

tfs_marker() {
	echo "$*" >$TFS/trace_marker
}

tfs_lost() {
	awk '/^(overrun|dropped events):/ { n += $NF } END { print n + 0 }' \
		$TFS/per_cpu/cpu*/stats
}

tfs_extract() {
	local out=$1 log buf=()
	log=$(mktemp /tmp/ioaware-extract.XXXXXX)
	rm -f "$out"
	[ -z "$TFS_INSTANCE" ] || buf=(-B "$TFS_INSTANCE")
	if ! trace-cmd extract "${buf[@]}" -o "$out" >"$log" 2>&1; then
		cat "$log" >&2
		rm -f "$log"
		tfs_say "trace-cmd extract failed"
		return 1
	fi
	rm -f "$log"
}

tfs_phases() {
	local dat=$1 unit=$2 full=
	[ "$unit" = s ] || full=-t	# -t: nanoseconds, else report rounds to microseconds
	printf 'phase\tbegin_%s\tend_%s\n' "$unit" "$unit"
	trace-cmd report $full "$dat" 2>/dev/null | awk -v unit="$unit" '
		function ts(   t) {
			match($0, / [0-9]+\.[0-9]+:/)
			t = substr($0, RSTART + 1, RLENGTH - 2)
			if (unit == "ns") {
				sub(/\./, "", t)
				sub(/^0+/, "", t)
			}
			return t
		}
		/ioaware-phase begin/ { b[$NF] = ts() }
		/ioaware-phase end/ { e[$NF] = ts() }
		END {
			for (p in b)
				print p "\t" b[p] "\t" e[p]
		}' | sort -t "$(printf '\t')" -k2,2n
}
