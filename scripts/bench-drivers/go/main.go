// Side-by-side driver for the Go thin client (github.com/katzenpost/katzenpost/client/thin v0.0.99).
//
// It runs one operation that kpclientd answers without the mixnet, against a running kpclientd, for a fixed
// time after a warm-up, with `-inflight` calls in flight spread over `-conns` connections (one goroutine per
// in-flight slot, each calling in a loop), prints "WINDOW open" when the measured window opens (for tools that
// sample this process over it, such as bench/scripts/thread-cpu.py) and, at the end, one line:
//
//	RESULT client=go op=... conns=C inflight=N ops=... secs=... ops_s=... p50_us=... p99_us=... errors=...
package main

import (
	"crypto/rand"
	"flag"
	"fmt"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/katzenpost/hpqc/bacap"
	"github.com/katzenpost/katzenpost/client/config"
	"github.com/katzenpost/katzenpost/client/thin"
)

func main() {
	cfgPath := flag.String("config", "/tmp/kpnet/client/thinclient.toml", "thinclient.toml")
	op := flag.String("op", "next_message_box_index", "new_keypair | next_message_box_index | encrypt_write | get_pki_document | connect")
	conns := flag.Int("conns", 1, "connections")
	inflight := flag.Int("inflight", 1, "calls in flight in total")
	warmupSecs := flag.Float64("warmup", 2, "warm-up time, seconds")
	durationSecs := flag.Float64("duration", 5, "measured time, seconds")
	flag.Parse()
	warmup := ptr(time.Duration(*warmupSecs * float64(time.Second)))
	duration := ptr(time.Duration(*durationSecs * float64(time.Second)))

	cfg, err := thin.LoadFile(*cfgPath)
	if err != nil {
		fail("load config: %v", err)
	}
	logging := &config.Logging{Level: "ERROR", File: os.DevNull}

	if *inflight > *conns {
		// v0.0.99: two calls at once on one ThinClient deadlock. Each call registers an event sink (a channel
		// of capacity 1) and removes it when its reply has come (StopEventSink); the single fan-out goroutine
		// blocks delivering the next event to that full, abandoned sink, so the removal never gets through.
		fmt.Printf("SKIP client=go op=%s conns=%d inflight=%d reason=v0.0.99-deadlocks-with-2+-concurrent-calls-per-ThinClient(StopEventSink-vs-eventSinkWorker)\n",
			*op, *conns, *inflight)
		return
	}

	clients := make([]*thin.ThinClient, *conns)
	for i := range clients {
		c := thin.NewThinClient(cfg, logging)
		if err := c.Dial(); err != nil {
			fail("dial: %v", err)
		}
		clients[i] = c
	}
	defer func() {
		for _, c := range clients {
			c.Close()
		}
	}()

	seed := make([]byte, 32)
	rand.Read(seed)
	writeCap, _, first, err := clients[0].NewKeypair(seed)
	if err != nil {
		fail("new_keypair: %v", err)
	}
	plaintext := make([]byte, 100)

	if *op == "connect" {
		runConnect(cfg, logging, first, *warmup, *duration)
		return
	}

	call := func(c *thin.ThinClient) error {
		switch *op {
		case "new_keypair":
			_, _, _, err := c.NewKeypair(seed)
			return err
		case "next_message_box_index":
			_, err := c.NextMessageBoxIndex(first)
			return err
		case "encrypt_write":
			_, _, _, _, err := c.EncryptWrite(plaintext, writeCap, first)
			return err
		case "get_pki_document":
			_, _, err := c.GetPKIDocumentRaw(0)
			return err
		}
		fail("unknown op %s", *op)
		return nil
	}

	start := time.Now()
	measureFrom := start.Add(*warmup)
	end := measureFrom.Add(*duration)
	go announceWindowAt(measureFrom)
	var errors atomic.Int64
	cpuDone := make(chan float64, 1)
	go func() { // this process's CPU time during the measured window
		time.Sleep(time.Until(measureFrom))
		c0 := cpuNow()
		time.Sleep(time.Until(end))
		cpuDone <- cpuNow() - c0
	}()
	lat := make([][]int64, *inflight)
	var wg sync.WaitGroup
	for i := 0; i < *inflight; i++ {
		wg.Add(1)
		go func(slot int) {
			defer wg.Done()
			c := clients[slot%len(clients)]
			for {
				t0 := time.Now()
				if t0.After(end) {
					return
				}
				err := call(c)
				d := time.Since(t0)
				if !t0.Before(measureFrom) && t0.Add(d).Before(end) {
					if err != nil {
						errors.Add(1)
					} else {
						lat[slot] = append(lat[slot], d.Nanoseconds())
					}
				}
			}
		}(i)
	}
	wg.Wait()
	report(*op, *conns, *inflight, lat, duration.Seconds(), errors.Load(), <-cpuDone)
}

// announceWindowAt prints the line that tells a sampling tool the warm-up is over.
func announceWindowAt(at time.Time) {
	time.Sleep(time.Until(at))
	fmt.Println("WINDOW open")
}

// connect + handshake + first reply (the same definition for every client), closing not timed but inside the
// loop (so in the rate and the CPU per connect).
func runConnect(cfg *thin.Config, logging *config.Logging, first *bacap.MessageBoxIndex, warmup, duration time.Duration) {
	start := time.Now()
	measureFrom := start.Add(warmup)
	end := measureFrom.Add(duration)
	go announceWindowAt(measureFrom)
	var lat []int64
	var errs int64
	cpuDone := make(chan float64, 1)
	go func() { // this process's CPU time during the measured window, closing included
		time.Sleep(time.Until(measureFrom))
		c0 := cpuNow()
		time.Sleep(time.Until(end))
		cpuDone <- cpuNow() - c0
	}()
	for time.Now().Before(end) {
		t0 := time.Now()
		c := thin.NewThinClient(cfg, logging)
		err := c.Dial()
		if err == nil {
			_, err = c.NextMessageBoxIndex(first)
		}
		d := time.Since(t0)
		c.Close()
		if !t0.Before(measureFrom) {
			if err != nil {
				errs++
			} else {
				lat = append(lat, d.Nanoseconds())
			}
		}
	}
	report("connect", 1, 1, [][]int64{lat}, duration.Seconds(), errs, <-cpuDone)
}

func cpuNow() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

func report(op string, conns, inflight int, lat [][]int64, secs float64, errors int64, cpuSecs float64) {
	var all []int64
	for _, l := range lat {
		all = append(all, l...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	q := func(p float64) float64 {
		if len(all) == 0 {
			return 0
		}
		r := int(p*float64(len(all)) + 0.999999)
		if r < 1 {
			r = 1
		}
		if r > len(all) {
			r = len(all)
		}
		return float64(all[r-1]) / 1e3
	}
	cpu := -1.0
	if cpuSecs >= 0 && len(all) > 0 {
		cpu = cpuSecs * 1e6 / float64(len(all))
	}
	fmt.Printf("RESULT client=go op=%s conns=%d inflight=%d ops=%d secs=%.2f ops_s=%.1f p50_us=%.1f p99_us=%.1f errors=%d cpu_us_per_op=%.1f\n",
		op, conns, inflight, len(all), secs, float64(len(all))/secs, q(0.50), q(0.99), errors, cpu)
}

func ptr[T any](v T) *T { return &v }

func fail(f string, a ...any) {
	fmt.Fprintf(os.Stderr, "go driver: "+f+"\n", a...)
	os.Exit(1)
}
