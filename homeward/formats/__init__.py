"""Date and number formats of Homeward's languages (``FORMAT_MODULE_PATH``).

English pages write dates day-month-year with ISO short dates, as the programme's papers do;
Russian keeps Django's forms ("30 декабря 2018 г.", "30.12.2018"); Arabic writes the day, the
month as Iraqi ministries name it (كانون الأول), and the year, with Western digits.
"""
