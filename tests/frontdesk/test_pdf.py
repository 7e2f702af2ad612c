import shutil
import subprocess

import pytest

from frontdesk.pdf import fast_font_subsetting, render_pdf


def pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; `make run`/.ci/run install it")
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_it_renders_chinese_text_that_pdftotext_gives_back(tmp_path):
    data = render_pdf(
        "frontdesk/pdf/sample.html", {"title": "业主登记表", "text": "业主 张伟 3-2-1201"}
    )
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "业主登记表" in text
    assert "业主 张伟 3-2-1201" in text


def test_it_embeds_a_named_cjk_font(tmp_path):
    data = render_pdf("frontdesk/pdf/sample.html", {"title": "业主", "text": "物业"})
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "WenQuanYi" in fonts or "NotoSansCJK" in fonts


def test_it_has_the_fast_font_subsetting_library():
    # Without libharfbuzz-subset0 a Chinese page takes seconds instead of a tenth of one.
    assert fast_font_subsetting()
