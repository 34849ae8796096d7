# Times R's forecast package on the series the Strata benchmark gives it: one core, the same method and
# horizon, package loading and reading excluded. Usage: Rscript forecast.R <series.csv> <ets|theta|arima>
# The CSV has columns id, period, h, values (space-separated). Prints {"seconds": s, "series": n}.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
method <- args[2]
series <- lapply(seq_len(nrow(d)), function(i) ts(as.numeric(strsplit(d$values[i], " ")[[1]]), frequency = d$period[i]))
run <- switch(method,
  ets = function(x, h) forecast(ets(x), h = h),
  theta = function(x, h) thetaf(x, h = h),
  arima = function(x, h) forecast(auto.arima(x), h = h),
  stop("unknown method ", method)
)
start <- proc.time()[["elapsed"]]
for (i in seq_along(series)) invisible(suppressWarnings(run(series[[i]], d$h[i])))
cat(sprintf('{"seconds": %.4f, "series": %d}\n', proc.time()[["elapsed"]] - start, length(series)))
