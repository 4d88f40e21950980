"""Views of the promotion app: public pages (public.py) and the back office (office.py)."""
