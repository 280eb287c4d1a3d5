# ioaware show semantics: every exit reason and built-in device has a category and a why, and
# the README's semantics table is exactly the command's --markdown output.
. "$(dirname "$0")/lib.bash"

expect_exit 0 "$IOA" show semantics --help && expect_grep "markdown" out.txt
expect_exit 2 "$IOA" show semantics --bogus
expect_exit 2 "$IOA" show semantics extra
expect_exit 0 "$IOA" show semantics --markdown
mv out.txt generated.md
sed -n '/^<!-- semantics:begin -->$/,/^<!-- semantics:end -->$/p' "$SRC/README.md" |
	sed '1d;$d' >readme.md
if ! diff -u readme.md generated.md >diff.txt; then
	fail "README semantics table differs from 'ioaware show semantics --markdown'" \
		"(regenerate it): $(head -c 600 diff.txt)"
fi
# the bars of the table itself: APIC, timer and window reasons are OVERHEAD, port I/O and
# EPT misconfiguration are decided by the device
for r in APIC_ACCESS APIC_WRITE EOI_INDUCED TPR_BELOW_THRESHOLD PREEMPTION_TIMER \
	INTERRUPT_WINDOW NMI_WINDOW EXTERNAL_INTERRUPT MSR_WRITE CPUID; do
	expect_grep "^| [0-9]* | $r | OVERHEAD | " generated.md
done
expect_grep "^| 30 | IO_INSTRUCTION | device | " generated.md
expect_grep "^| 49 | EPT_MISCONFIG | device | " generated.md
expect_grep "^| 0x400 | npf | RAM | " generated.md
expect_grep "^| 0x07b | io | device | " generated.md
expect_grep "^| 0x064 | vintr | OVERHEAD | " generated.md
expect_grep "^| 0x0040-0x0043 | PIT (timer) | OVERHEAD |" generated.md
expect_grep "^| 0x03f8-0x03ff | COM1 serial | BUS |" generated.md
expect_eq "no BUS exit reason" 0 "$(grep -c '^| [0-9x]* | [A-Za-z_]* | BUS |' generated.md)"
expect_exit 0 "$IOA" show semantics && expect_grep "APIC_WRITE" out.txt
done_tests
