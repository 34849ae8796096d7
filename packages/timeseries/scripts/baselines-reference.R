# Reference values of the baselines the shared data set lacks (rwf with drift, meanf), computed with
# Debian's r-cran-forecast on the 23 reference series from R's own datasets (the ones whose derived
# values may be committed):
#   Rscript packages/timeseries/scripts/baselines-reference.R
# Writes fixtures/baselines-reference.csv: name, method, step, mean, lo80, hi80, lo95, hi95.
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
series <- read.csv(file.path(here, "..", "..", "..", "..", "shared", "datasets", "timeseries", "classic-series.csv"),
                   stringsAsFactors = FALSE)
rows <- list()
series <- series[series$source == "R datasets", ]
for (i in seq_len(nrow(series))) {
  s <- series[i, ]
  values <- as.numeric(strsplit(trimws(s$values), "\\s+")[[1]])
  y <- ts(values[seq_len(s$n_train)], frequency = s$frequency)
  for (method in c("drift", "mean")) {
    f <- if (method == "drift") rwf(y, h = s$h, drift = TRUE) else meanf(y, h = s$h)
    rows[[length(rows) + 1]] <- data.frame(
      name = s$name, method = method, step = seq_len(s$h),
      mean = as.numeric(f$mean), lo80 = as.numeric(f$lower[, 1]), hi80 = as.numeric(f$upper[, 1]),
      lo95 = as.numeric(f$lower[, 2]), hi95 = as.numeric(f$upper[, 2]))
  }
}
out <- do.call(rbind, rows)
write.csv(format(out, digits = 15), file.path(here, "..", "fixtures", "baselines-reference.csv"), row.names = FALSE)
cat("wrote", nrow(out), "rows with forecast", as.character(packageVersion("forecast")), "\n")
