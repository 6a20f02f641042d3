# Run autogen itself in a container: install the package into a Python 3 image and start the two-agent demo.
#
#   docker build -t autogen-project .                                   (from the repository root)
#   docker run -it --rm -e OAI_CONFIG_LIST="$OAI_CONFIG_LIST" autogen-project
#   docker run -it --rm -v "$PWD/coding:/autogen/coding" autogen-project python my_script.py
#
# BASE_IMAGE defaults to python:3-slim, the image the Docker code executor uses. Code the model writes runs in this
# container itself (AUTOGEN_USE_DOCKER=False). Building without network access: put wheels of the dependencies
# in ./wheels and pass --build-arg PIP_OPTIONS="--no-index --find-links=/autogen/wheels"
# (scripts/container-engine.sh collects such a wheelhouse in /var/cache/autogen-containers/wheels).
ARG BASE_IMAGE=python:3-slim
FROM ${BASE_IMAGE}
ARG PIP_OPTIONS=""
WORKDIR /autogen
COPY . /autogen
RUN python -m pip install --no-cache-dir --disable-pip-version-check ${PIP_OPTIONS} /autogen
ENV AUTOGEN_USE_DOCKER=False
CMD ["python", "test/twoagent.py"]
