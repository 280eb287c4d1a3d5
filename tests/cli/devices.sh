# ioaware show devices and classify --learn-devmap: the KVM program's capture (serial port,
# ATA port, an MMIO address nothing names), a virtio-net excerpt whose notify page is learnt
# from the vhost worker's packets (tests/data/README.md), the QEMU TCG captures (no device
# exits at all), and the round trip: the learnt map changes no label it was learnt from.
. "$(dirname "$0")/lib.bash"

sql() {
	sqlite3 "$1" "$2"
}
labels() {
	sql "$1" "SELECT segment_id, category, own_category FROM vcpu_segments
		WHERE trace_id = $2 ORDER BY segment_id"
}

expect_exit 0 "$IOA" show devices --help && expect_grep "unknown device" out.txt
expect_exit 2 "$IOA" show devices --trace x
expect_exit 2 "$IOA" show devices extra
expect_exit 2 "$IOA" classify --learn-us abc
expect_exit 1 "$IOA" show devices --db missing.db

# --- kvm-tiny: vm 1 writes 0x3f8 (COM1), vm 2 0x1f0 (ATA); both write GPA 0xfebf0000
DB=tiny.db
expect_exit 0 "$IOA" ingest -q --db $DB "$SRC/traces/kvm-tiny.dat"
expect_exit 0 "$IOA" classify -q --db $DB --learn-devmap tiny.map
expect_exit 0 "$IOA" show devices --db $DB --csv
expect_eq "kvm-tiny devices" \
"trace_id,kind,lo,hi,category,device,exits,exit_ns,vms,learnt_category,learnt_device,hits,confidence
1,port,496,496,STORAGE,\"ATA primary\",695,0,\"2\",,,0,0.000
1,port,1016,1016,BUS,\"COM1 serial\",4666,0,\"1\",,,0,0.000
1,mmio,4273930240,4273934335,,\"unknown device at GPA 0xfebf0000\",5361,0,\"1,2\",,,0,0.000" \
	"$(cat out.txt)"
expect_grep "^# mmio 0xfebf0000-0xfebf0fff .* unknown device, nothing learnt" tiny.map
expect_grep "^# port 0x3f8 .*named already: COM1 serial" tiny.map
expect_eq "no rule learnt from kvm-tiny" 0 "$(grep -c '^[a-z]' tiny.map)"
expect_exit 0 "$IOA" show devices --db $DB --json
if command -v python3 >/dev/null; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["devices"]
u=[x for x in d if x["name"] is None]; assert len(d)==3 and len(u)==1, d
assert u[0]["vms"]==[1,2] and u[0]["category"] is None and u[0]["exits"]==5361, u' out.txt ||
		fail "show devices --json: $(head -c 300 out.txt)"
fi
labels $DB 1 >before.txt
expect_exit 0 "$IOA" classify -q --db $DB --device-map tiny.map
labels $DB 1 >after.txt
cmp -s before.txt after.txt || fail "kvm-tiny: the learnt map changed labels"

# --- virtio-net: the notify page 0xfebf3000 is followed by tap0 packets of the VM's vhost
# worker every time (12 of 12, base 19 %); page 0xfe000000 by nothing
DB=net.db
expect_exit 0 "$IOA" ingest -q --db $DB "$SRC/tests/data/vmx-virtio-net.report.txt"
expect_exit 0 "$IOA" classify -q --db $DB --learn-devmap net.map
expect_exit 0 "$IOA" show devices --db $DB
expect_grep "0xfebf3000-0xfebf3fff   unknown .*ETHERNET via tap0 (12 hits, conf 0.81)" out.txt
expect_grep "0xfe000000-0xfe000fff   unknown .*unknown device at GPA 0xfe000000 *-$" out.txt
expect_grep "^mmio 0xfebf3000-0xfebf3fff *ETHERNET *# vm 1: 12 of 12 exits followed by tap0" \
	net.map
expect_eq "one rule learnt" 1 "$(grep -c '^[a-z]' net.map)"
labels $DB 1 >before.txt
expect_exit 0 "$IOA" classify -q --db $DB --device-map net.map
labels $DB 1 >after.txt
cmp -s before.txt after.txt || fail "virtio-net: the learnt map changed labels"
expect_eq "the learnt page now counts as ETHERNET" "ETHERNET|device map" \
	"$(sql $DB "SELECT category, name FROM device_access WHERE lo = 4273942528")"
# a look-ahead too short for the vhost worker learns nothing
expect_exit 0 "$IOA" classify -q --db $DB --learn-us 10 --learn-devmap short.map
expect_eq "nothing learnt within 10 us" 0 "$(grep -c '^[a-z]' short.map)"

# --- the QEMU TCG captures: TCG makes no kvm exits, so there is no device address at all
for cap in qemu-tcg-a qemu-tcg-b; do
	DB=$cap.db
	[ -f "$SRC/traces/$cap.dat" ] || continue
	expect_exit 0 "$IOA" ingest -q --db $DB "$SRC/traces/$cap.dat"
	expect_exit 0 "$IOA" classify -q --db $DB --learn-devmap $cap.map
	expect_grep "^# trace 1: 0 addresses accessed" $cap.map
	expect_exit 0 "$IOA" show devices --db $DB
	expect_eq "$cap: no device addresses" 1 "$(wc -l <out.txt)"
done
done_tests
