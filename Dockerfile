# One image for web, worker and beat.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy \
    PATH="/app/.venv/bin:$PATH" DATA_DIR=/var/lib/safemap STATIC_ROOT=/app/staticfiles
RUN pip install --no-cache-dir uv && useradd --system --home /app safemap \
    && mkdir -p /var/lib/safemap && chown safemap /var/lib/safemap
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --extra s3
COPY . .
RUN DEBUG=True python manage.py collectstatic --noinput -v0 && chown -R safemap /app/staticfiles
USER safemap
EXPOSE 8000
CMD ["gunicorn", "safemap.wsgi", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
