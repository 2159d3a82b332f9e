"""thidua: emulation and commendation (thi đua – khen thưởng) and the summary conference."""
