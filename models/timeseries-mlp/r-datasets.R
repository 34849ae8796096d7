# Real series from R's `datasets` package (public domain) that are not among the 87 reference series
# of ../shared/datasets/timeseries, for training the bundled timeseries-mlp model. Left out on purpose:
# the reference series themselves, sunspots (a copy of sunspot.month's training part), BJsales.lead and
# the other columns of Seatbelts (covariates of reference series over their held-out windows, a leak),
# and presidents (missing values).
#   Rscript models/timeseries-mlp/r-datasets.R   (from the repository root; writes r-datasets.csv)
rows <- list()
add <- function(name, x, period) {
  rows[[length(rows) + 1]] <<- data.frame(
    name = name, source = "R datasets", frequency = period, start = start(x)[1],
    values = paste(format(as.numeric(x), digits = 10, trim = TRUE), collapse = " ")
  )
}
# Daily closing prices on business days: no seasonal period of use (R's frequency 260 is a convention).
for (col in colnames(EuStockMarkets)) add(paste0("EuStockMarkets_", col), EuStockMarkets[, col], 1)
add("treering", treering, 1)
add("freeny.y", freeny.y, 4)
add("uspop", uspop, 1)  # decennial census
out <- do.call(rbind, rows)
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
write.csv(out, file.path(here, "r-datasets.csv"), row.names = FALSE)
cat(R.version.string, "\n")
print(out[, c("name", "frequency")])
