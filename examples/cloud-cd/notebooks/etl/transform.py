# Databricks notebook source
day = dbutils.widgets.get("day") if "dbutils" in dir() else "2026-01-01"
print(f"transforming sales of {day}")
