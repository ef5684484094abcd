"""MLPerf results: the importer of MLCommons' results repositories, the stored results and matched pairs.

Other packages use the public names of ``faceoff.bench`` (load_mlperf_results, mlperf_matched, ...).
"""
