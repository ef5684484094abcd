"""Result files a visitor uploads to compare with the stored ones: validated, shown for the session, never saved."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from faceoff.bench import MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES, BenchResult, UploadRejected, parse_upload

UPLOAD_WIDGET_MB = 4  # the widget's own cap; files over MAX_UPLOAD_BYTES get our clearer message


def render_uploads() -> list[tuple[str, BenchResult]]:
    with st.expander("Compare your machine: upload result files", icon=":material/upload_file:"):
        st.markdown(
            "Run `python -m faceoff bench run` on your machine, then upload the JSON files it writes "
            f"(up to {MAX_UPLOAD_FILES} files, {MAX_UPLOAD_BYTES // 2**20} MiB each). They are checked against "
            "the result schema and shown beside the stored results for this session only; nothing is saved."
        )
        files = st.file_uploader("Result files (.json)", type=["json"], accept_multiple_files=True,
                                 key="b_upload", max_upload_size=UPLOAD_WIDGET_MB)
        files = list(files or [])
        if len(files) > MAX_UPLOAD_FILES:
            st.warning(f"Only the first {MAX_UPLOAD_FILES} files are read.")
        accepted: list[tuple[str, BenchResult]] = []
        listing = []
        for i, file in enumerate(files[:MAX_UPLOAD_FILES]):
            try:
                result = parse_upload(file.name, file.getvalue())
            except UploadRejected as exc:
                # Plain text only: neither the file name nor the message is rendered as markdown or HTML.
                st.error(f"Upload {i + 1} was rejected; the reason is below.", icon=":material/block:")
                st.text(f"{file.name}: {exc}")
                continue
            origin = f"upload {i + 1}"
            accepted.append((origin, result))
            listing.append({"results": origin, "file": file.name, "workload": result.workload,
                            "framework": result.framework, "mode": result.mode, "device": result.device,
                            "cpu": result.environment.cpu_model})
        if accepted:
            st.success(f"{len(accepted)} uploaded result(s) added for this session.", icon=":material/check:")
            st.dataframe(pd.DataFrame(listing), hide_index=True)
    return accepted
