// Command loadgen is bench.checkins' load client: it POSTs JSON bodies to one URL at a
// fixed concurrency and prints each 201's latency, every other answer, and its own CPU.
//
// It exists because the benchmark runs on the machine it measures: the Python client it
// replaced (asyncio + httpx) took about 0.25 of the machine's 2 cores from the suite under
// test, CPU that the figures should be about. bench/load.py runs it, and judges
// what it prints; it exits non-zero only for its own errors (bad flags, unreadable file),
// never for a failed request.
//
// Usage:
//
//	LOADGEN_TOKEN=<bearer token> loadgen -url http://127.0.0.1:8000 -bodies bodies.jsonl \
//		[-path /api/residences] [-concurrency 16]
//
// The token comes only from the environment, so that it does not show in `ps`. The bodies
// file holds one JSON request body per line; each is sent exactly once.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

const (
	timeout     = 120 * time.Second
	bodyExcerpt = 500 // bytes of a failed answer's body kept
	maxLine     = 16 << 20
)

type config struct {
	url         string
	token       string
	bodiesPath  string
	concurrency int
}

// failure is one non-201 answer: its status (or the transport error) and its body's start.
type failure [2]string

// tally is what one worker saw; the workers' tallies are merged at the end.
type tally struct {
	latencies   []float64
	failures    []failure
	lastCreated time.Time
}

type report struct {
	LatenciesS      []float64 `json:"latencies_s"`
	Failures        []failure `json:"failures"`
	ElapsedS        float64   `json:"elapsed_s"`
	LastCreatedUnix float64   `json:"last_created_unix"`
	CPUS            float64   `json:"cpu_s"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func run() error {
	cfg, err := parseFlags()
	if err != nil {
		return err
	}
	bodies, err := readBodies(cfg.bodiesPath)
	if err != nil {
		return err
	}
	rep := load(cfg, bodies)
	rep.CPUS, err = cpuSeconds()
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(rep)
}

func parseFlags() (config, error) {
	base := flag.String("url", "", "base URL, e.g. http://127.0.0.1:8000 (required)")
	path := flag.String("path", "/api/residences", "path to POST to")
	bodies := flag.String("bodies", "", "JSON-lines file: one request body per line (required)")
	concurrency := flag.Int("concurrency", 16, "requests in flight")
	flag.Parse()
	cfg := config{*base + *path, os.Getenv("LOADGEN_TOKEN"), *bodies, *concurrency}
	switch {
	case flag.NArg() > 0:
		return cfg, fmt.Errorf("unexpected arguments: %q", flag.Args())
	case *base == "" || *bodies == "":
		return cfg, errors.New("-url and -bodies are required")
	case cfg.concurrency < 1:
		return cfg, errors.New("-concurrency must be at least 1")
	case cfg.token == "":
		return cfg, errors.New("LOADGEN_TOKEN is not set")
	}
	return cfg, nil
}

// readBodies reads the file's non-empty lines, each of which must be JSON.
func readBodies(path string) ([][]byte, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	scanner := bufio.NewScanner(file)
	scanner.Buffer(make([]byte, 64<<10), maxLine)
	var bodies [][]byte
	for n := 1; scanner.Scan(); n++ {
		line := bytes.TrimSpace(scanner.Bytes())
		if len(line) == 0 {
			continue
		}
		if !json.Valid(line) {
			return nil, fmt.Errorf("%s:%d: not JSON", path, n)
		}
		bodies = append(bodies, bytes.Clone(line))
	}
	return bodies, scanner.Err()
}

func newClient(concurrency int) *http.Client {
	transport := &http.Transport{
		Proxy:               nil, // loopback benchmark: never through a proxy
		MaxIdleConns:        concurrency,
		MaxIdleConnsPerHost: concurrency,
		MaxConnsPerHost:     concurrency,
		IdleConnTimeout:     90 * time.Second,
	}
	return &http.Client{Transport: transport, Timeout: timeout}
}

// load sends every body once from cfg.concurrency workers sharing one client.
func load(cfg config, bodies [][]byte) report {
	client := newClient(cfg.concurrency)
	defer client.CloseIdleConnections()
	tallies := make([]tally, cfg.concurrency)
	var next atomic.Int64
	var wg sync.WaitGroup
	started := time.Now()
	for i := range tallies {
		wg.Add(1)
		go func(t *tally) {
			defer wg.Done()
			for n := next.Add(1) - 1; n < int64(len(bodies)); n = next.Add(1) - 1 {
				post(client, cfg, bodies[n], t)
			}
		}(&tallies[i])
	}
	wg.Wait()
	rep := merge(tallies)
	rep.ElapsedS = time.Since(started).Seconds()
	return rep
}

// post sends one body and records its latency (a 201) or its failure (anything else).
func post(client *http.Client, cfg config, body []byte, t *tally) {
	began := time.Now()
	status, excerpt, err := send(client, cfg, body)
	done := time.Now()
	switch {
	case err != nil:
		t.failures = append(t.failures, failure{err.Error(), ""})
	case status == http.StatusCreated:
		t.latencies = append(t.latencies, done.Sub(began).Seconds())
		if done.After(t.lastCreated) {
			t.lastCreated = done
		}
	default:
		t.failures = append(t.failures, failure{fmt.Sprint(status), excerpt})
	}
}

// send POSTs the body and reads the whole answer (so that the connection is kept), returning
// its status and the start of its body.
func send(client *http.Client, cfg config, body []byte) (int, string, error) {
	req, err := http.NewRequest(http.MethodPost, cfg.url, bytes.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+cfg.token)
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	excerpt, err := io.ReadAll(io.LimitReader(resp.Body, bodyExcerpt))
	if err == nil {
		_, err = io.Copy(io.Discard, resp.Body)
	}
	return resp.StatusCode, string(excerpt), err
}

func merge(tallies []tally) report {
	rep := report{LatenciesS: []float64{}, Failures: []failure{}}
	var last time.Time
	for _, t := range tallies {
		rep.LatenciesS = append(rep.LatenciesS, t.latencies...)
		rep.Failures = append(rep.Failures, t.failures...)
		if t.lastCreated.After(last) {
			last = t.lastCreated
		}
	}
	if !last.IsZero() {
		rep.LastCreatedUnix = float64(last.UnixNano()) / 1e9
	}
	return rep
}

// cpuSeconds is this process's user + system CPU time so far.
func cpuSeconds() (float64, error) {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return 0, err
	}
	return float64(usage.Utime.Nano()+usage.Stime.Nano()) / 1e9, nil
}
