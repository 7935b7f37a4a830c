package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfiles writes a CPU profile to $SEOPIPE_CPUPROFILE and a heap
// profile (taken when the command ends) to $SEOPIPE_MEMPROFILE, for a user
// reporting a slow or large build and for docs/performance.md's figures.
// Either may be unset; the returned function ends both.
func startProfiles() (stop func()) {
	cpuPath, memPath := os.Getenv("SEOPIPE_CPUPROFILE"), os.Getenv("SEOPIPE_MEMPROFILE")
	var cpu *os.File
	if cpuPath != "" {
		f, err := os.Create(cpuPath)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "seopipe: SEOPIPE_CPUPROFILE: %v\n", err)
		} else {
			cpu = f
		}
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if memPath == "" {
			return
		}
		f, err := os.Create(memPath)
		if err == nil {
			runtime.GC()
			err = pprof.Lookup("heap").WriteTo(f, 0)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "seopipe: SEOPIPE_MEMPROFILE: %v\n", err)
		}
	}
}
