# Writes a few of R's own datasets as long-format CSV (id, timestamp, value): the time-series API's
# bundled example series. Usage: Rscript datasets/timeseries-examples.R datasets/timeseries-examples.csv
out <- commandArgs(trailingOnly = TRUE)[1]
sets <- list(AirPassengers = AirPassengers, USAccDeaths = USAccDeaths, nottem = nottem, co2 = co2,
             UKgas = UKgas, Nile = Nile, lynx = lynx, LakeHuron = LakeHuron)
rows <- do.call(rbind, lapply(names(sets), function(name) {
  x <- sets[[name]]
  f <- frequency(x)
  t0 <- tsp(x)[1]
  i <- seq_along(x) - 1
  year <- floor(t0 + i / f + 1e-9)
  step <- round((t0 + i / f - year) * f)
  month <- if (f == 12) step + 1 else if (f == 4) step * 3 + 1 else rep(1, length(x))
  data.frame(id = name, timestamp = sprintf("%04d-%02d-01", year, month), value = as.numeric(x))
}))
write.csv(rows, out, row.names = FALSE, quote = FALSE)
