package scan

import (
	"container/heap"
	"sort"
)

// tally is one worker's private counters, merged after the walk so the hot
// path takes no locks.
type tally struct {
	files, dirs, bytes int64
	counts             map[Kind]int
	examples           map[Kind]*exampleHeap
	max                int
	buf                []byte // the worker's directory listing buffer (Linux)
	// cur and curDir: the problem kinds of the entry being examined (a
	// worker examines one at a time); entries counts entries by kind set.
	cur     kindSet
	curDir  bool
	entries map[kindSet][2]int64
}

func newTally(max int) *tally {
	return &tally{counts: map[Kind]int{}, examples: map[Kind]*exampleHeap{}, max: max}
}

// record counts one entry with the problem kinds in set (none: nothing).
func (t *tally) record(set kindSet, dir bool) {
	if set == 0 {
		return
	}
	if t.entries == nil {
		t.entries = map[kindSet][2]int64{}
	}
	n := t.entries[set]
	if dir {
		n[1]++
	} else {
		n[0]++
	}
	t.entries[set] = n
}

func (t *tally) add(p Problem) {
	t.cur |= bitOf(p.Kind)
	t.counts[p.Kind]++
	h := t.examples[p.Kind]
	if h == nil {
		h = &exampleHeap{}
		t.examples[p.Kind] = h
	}
	h.offer(p, t.max)
}

// exampleHeap keeps the max smallest paths seen: a max-heap on Path, so
// the examples do not depend on which worker saw what first.
type exampleHeap []Problem

func (h exampleHeap) Len() int           { return len(h) }
func (h exampleHeap) Less(i, j int) bool { return later(h[i], h[j]) }
func (h exampleHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *exampleHeap) Push(x any)        { *h = append(*h, x.(Problem)) }
func (h *exampleHeap) Pop() any {
	old := *h
	p := old[len(old)-1]
	*h = old[:len(old)-1]
	return p
}

func (h *exampleHeap) offer(p Problem, max int) {
	if h.Len() < max {
		heap.Push(h, p)
		return
	}
	if later((*h)[0], p) {
		(*h)[0] = p
		heap.Fix(h, 0)
	}
}

// later orders problems by path, then detail, descending.
func later(a, b Problem) bool {
	if a.Path != b.Path {
		return a.Path > b.Path
	}
	return a.Detail > b.Detail
}

func merge(ts []*tally, max int) Result {
	res := Result{Counts: map[Kind]int{}, Examples: map[Kind][]Problem{}}
	all := map[Kind][]Problem{}
	for _, t := range ts {
		res.Files += t.files
		res.Dirs += t.dirs
		res.Bytes += t.bytes
		for k, n := range t.counts {
			res.Counts[k] += n
		}
		for set, n := range t.entries {
			if res.entries == nil {
				res.entries = map[kindSet][2]int64{}
			}
			m := res.entries[set]
			res.entries[set] = [2]int64{m[0] + n[0], m[1] + n[1]}
		}
		for k, h := range t.examples {
			all[k] = append(all[k], (*h)...)
		}
	}
	for k, ps := range all {
		sort.Slice(ps, func(i, j int) bool { return later(ps[j], ps[i]) })
		if len(ps) > max {
			ps = ps[:max]
		}
		for i := range ps {
			ps[i].Path = escape(ps[i].Path)
		}
		res.Examples[k] = ps
	}
	return res
}
