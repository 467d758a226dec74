# -*- coding: utf-8 -*-

name = 'installed_style'

version = '1.8.3'

description = 'An installed package as rez-build writes it.'

authors = ['pipeline']

requires = [
    'python-3.9',
    'numpy-1.24'
]

variants = [['platform-linux', 'arch-x86_64']]

def commands():
    env.PYTHONPATH.append('{root}/python')

timestamp = 1700000000

revision = \
    {'branch': 'main',
     'commit': 'abc123',
     'fetch_url': 'git@example.com:pipe/installed_style.git'}

changelog = \
    """
    commit abc123
    Author: pipeline
    """

format_version = 2
