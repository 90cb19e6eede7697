"""Citizens' panels: pools, quotas, fair selection algorithms, lotteries and verifiable draws."""
