module liudong/bench/loadgen

go 1.22
