#!/usr/bin/python3
"""Reference WeatherBench-2 scores on real field pairs, computed with numpy from netCDF4-python reads,
independently of Strata. The metric tests compare against them.

    /usr/bin/python3 packages/weather/scripts/metric-references.py > packages/weather/fixtures/metric-references.json
"""
import json, os, sys
import numpy as np
import netCDF4

DATA = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'shared', 'datasets', 'weather')


def lat_weights(lat):
    """WB2 cell-area weights: sin of band bounds, bounds halfway between rows, clipped at the poles."""
    lat = np.asarray(lat, dtype=float)
    mids = (lat[:-1] + lat[1:]) / 2
    bounds = np.concatenate([[lat[0] + (lat[0] - lat[1]) / 2], mids, [lat[-1] - (lat[-2] - lat[-1]) / 2]])
    bounds = np.clip(bounds, -90, 90)
    w = np.abs(np.sin(np.deg2rad(bounds[:-1])) - np.sin(np.deg2rad(bounds[1:])))
    return w / w.mean()


def scores(f, o, c, lat):
    w = lat_weights(lat)[:, None] * np.ones_like(f)
    ok = ~(np.isnan(f) | np.isnan(o) | np.isnan(c))
    w, f, o, c = w[ok], f[ok], o[ok], c[ok]
    mse = np.sum(w * (f - o) ** 2) / np.sum(w)
    bias = np.sum(w * (f - o)) / np.sum(w)
    fa, oa = f - c, o - c
    acc = np.sum(w * fa * oa) / np.sqrt(np.sum(w * fa * fa) * np.sum(w * oa * oa))
    return {'mse': float(mse), 'bias': float(bias), 'acc': float(acc), 'points': int(ok.sum())}


def main():
    out = {}
    ds = netCDF4.Dataset(os.path.join(DATA, 'era5-t2m-uk-2019-03.nc'))
    t2m = np.ma.filled(ds['t2m'][:].astype(float), np.nan)
    clim = np.nanmean(t2m, axis=0)
    # 24 h persistence from 2019-03-10 00 UTC (index 216) verified at index 240
    out['era5-t2m-persistence-24h'] = {'file': 'era5-t2m-uk-2019-03.nc', 'variable': 't2m', 'forecastTime': 216, 'truthTime': 240,
                                       'scores': scores(t2m[216], t2m[240], clim, ds['latitude'][:])}
    ds = netCDF4.Dataset(os.path.join(DATA, 'eraint_uvz.nc'))
    z = np.ma.filled(ds['z'][:, 1].astype(float), np.nan)  # level 500
    # climatology: the zonal mean of the two months' average (anomalies then carry the waves)
    clim = np.repeat(z.mean(axis=0).mean(axis=1, keepdims=True), z.shape[2], axis=1)
    out['eraint-z500-january-vs-july'] = {'file': 'eraint_uvz.nc', 'variable': 'z', 'level': 500, 'forecastTime': 0, 'truthTime': 1,
                                          'scores': scores(z[0], z[1], clim, ds['latitude'][:])}
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write('\n')


main()
