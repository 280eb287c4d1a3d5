# Re-rendering PNG/SVG pages to the same name removes the pages of an earlier, longer render
# (and nothing else): a render of a database with simulations, a sweep and a plan has more
# pages than one of a database with only schedules; after the shorter render to the same name,
# the extra pages are gone, while files that only look alike stay (other stem, other
# extension, leading zero, page 0, not a page this program writes, a directory, a symlink).
. "$(dirname "$0")/lib.bash"

pages() { # NAME EXT: how many NAME-N.EXT exist
	ls | grep -c "^$1-[1-9][0-9]*\.$2\$"
}

# the long render: schedules, simulations, a sweep and a plan
expect_exit 0 "$IOA" synth -q --db long.db --preset paper
expect_exit 0 "$IOA" optimize -q --db long.db --time-limit 0.5
expect_exit 0 "$IOA" simulate -q --db long.db
expect_exit 0 "$IOA" sweep -q --db long.db --pcpus 2-3 --modes strict --time-limit 0.2
expect_exit 0 "$IOA" plan -q --db long.db --pcpus 2-3 --time-limit 0.2
# the short one: schedules only
expect_exit 0 "$IOA" synth -q --db short.db --preset paper
expect_exit 0 "$IOA" optimize -q --db short.db --time-limit 0.5

for ext in svg png; do
	mkdir -p "$ext" && cd "$ext" || exit 1
	expect_exit 0 "$IOA" report -q --db ../long.db -o "r.$ext"
	long=$(pages r "$ext")
	expect_exit 0 "$IOA" report -q --db ../short.db -o "s.$ext"
	short=$(pages s "$ext")
	[ "$short" -ge 1 ] && [ "$long" -gt "$short" ] ||
		fail "$ext: the long render has $long pages, the short one $short"
	# lookalikes that are not pages of an earlier render of r
	first=$((short + 1))
	cp "r-1.$ext" "r-0$first.$ext"
	cp "r-1.$ext" "r-0.$ext"
	cp "r-1.$ext" "rr-$first.$ext"
	cp "r-1.$ext" "r-$first.$ext.bak"
	cp "r-1.$ext" "r-${first}x.$ext"
	echo "not a page" >"r-$((long + 1)).$ext"
	mkdir "r-$((long + 2)).$ext"
	ln -s "r-1.$ext" "r-$((long + 3)).$ext"
	for f in "r-1.$ext" "r-$long.$ext"; do
		cp "$f" "keep-$f"
	done

	expect_exit 0 "$IOA" report -q --db ../short.db -o "r.$ext"
	expect_eq "$ext: pages after the shorter render" "$short" \
		"$(ls | grep -c "^r-[1-9][0-9]*\.$ext\$" | awk -v n=$((long + 3)) '{ print $1 - 3 }')"
	for i in $(seq 1 "$short"); do
		[ -f "r-$i.$ext" ] || fail "$ext: page $i missing"
		cmp -s "r-$i.$ext" "s-$i.$ext" || fail "$ext: page $i is not the new render's"
	done
	for i in $(seq "$first" "$long"); do
		[ -e "r-$i.$ext" ] && fail "$ext: stale page $i of the earlier render left"
	done
	for f in "r-0$first.$ext" "r-0.$ext" "rr-$first.$ext" "r-$first.$ext.bak" \
		"r-${first}x.$ext" "r-$((long + 1)).$ext" "keep-r-1.$ext"; do
		[ -f "$f" ] || fail "$ext: $f (not a stale page) was removed"
	done
	[ -d "r-$((long + 2)).$ext" ] || fail "$ext: a directory named like a page was removed"
	[ -L "r-$((long + 3)).$ext" ] || fail "$ext: a symlink named like a page was removed"
	cd .. || exit 1
done

# the same in another directory, named with a path
mkdir -p sub
expect_exit 0 "$IOA" report -q --db long.db -o sub/p.svg
n=$(cd sub && pages p svg)
expect_exit 0 "$IOA" report -q --db short.db -o sub/p.svg
expect_eq "sub/: pages after the shorter render" "$short" "$(cd sub && pages p svg)"
[ "$n" -gt "$short" ] || fail "sub/: the long render has $n pages"

done_tests
