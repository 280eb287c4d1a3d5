# ioaware optimize --psplib on the j30 instances beside the checkout (with the shared corpus): JSON fields, proven optima equal to
# optima.csv, malformed files exit 1 with the line number.
. "$(dirname "$0")/lib.bash"
PSP="$SRC/../shared/bench/psplib/j30"
expect_exit 0 "$IOA" optimize --help && expect_grep "psplib" out.txt
expect_exit 2 "$IOA" optimize --psplib x.sm --time-limit abc
expect_exit 1 "$IOA" optimize --psplib no-such.sm && expect_grep "no-such.sm" err.txt
if [ ! -d "$PSP" ]; then
	echo "SKIP: $PSP not present"
	exit 77
fi
for inst in j301_1.sm j3011_1.sm j3015_1.sm; do
	expect_exit 0 "$IOA" optimize --psplib "$PSP/$inst" --time-limit 3 --json || continue
	for key in instance makespan lower_bound status seconds heuristic_makespan; do
		expect_grep "\"$key\": " out.txt
	done
	opt=$(grep "^$inst," "$PSP/optima.csv" | cut -d, -f2)
	ms=$(sed 's/.*"makespan": \([0-9]*\).*/\1/' out.txt)
	lb=$(sed 's/.*"lower_bound": \([0-9]*\).*/\1/' out.txt)
	[ "$ms" -ge "$opt" ] || fail "$inst: makespan $ms below the optimum $opt"
	[ "$lb" -le "$opt" ] || fail "$inst: bound $lb above the optimum $opt"
	if grep -q '"status": "optimal"' out.txt; then
		expect_eq "$inst proven optimum" "$opt" "$ms"
	fi
done
# j301_1 is proven within a second on this kind of machine
expect_exit 0 "$IOA" optimize --psplib "$PSP/j301_1.sm" --time-limit 5 --json &&
	expect_grep '"status": "optimal"' out.txt
# a malformed copy: line 20 (job 2's successor count) broken
sed '20s/.*/   2        1          x/' "$PSP/j301_1.sm" >bad.sm
expect_exit 1 "$IOA" optimize --psplib bad.sm && expect_grep "bad.sm: line 20:" err.txt
done_tests
